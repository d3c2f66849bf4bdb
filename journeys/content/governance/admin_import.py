"""The admin page that imports a further-reading document (ResourceAdmin's import/ URL).

admin/content.py registers the URL; the page itself lives here. The import rules are in
resources.py: an editor's upload never publishes, and a re-upload of a published document
becomes a waiting edit.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from journeys.content.governance.resources import MAX_BYTES, ResourceError, resource_import
from journeys.content.governance.workflow import can_publish


class ResourceUploadForm(forms.Form):
    document = forms.FileField(
        label=_("Markdown file with YAML front matter"),
        help_text=_(
            "Front matter keys: title, source, url, license, lastReviewed, "
            "reviewFrequency, audienceLevel, language, status, tags, version."
        ),
    )


def import_upload(request, upload):
    """Import one uploaded document on behalf of `request.user`: (resource, errors)."""
    try:
        text = upload.read(MAX_BYTES + 1).decode("utf-8")
        resource, _created = resource_import(
            name=upload.name,
            text=text,
            may_publish=can_publish(request.user),
        )
    except UnicodeDecodeError:
        return None, [f"{upload.name}:1: the file is not UTF-8 text"]
    except ResourceError as exc:
        return None, str(exc).splitlines()
    return resource, []


def resource_import_view(model_admin, request):
    """The upload form; on success, the imported resource's change page."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ResourceUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        resource, errors = import_upload(request, form.cleaned_data["document"])
        if resource is not None:
            model_admin.message_user(
                request,
                _("Imported “%(title)s”.") % {"title": resource.title},
                messages.SUCCESS,
            )
            return redirect("admin:journeys_resource_change", resource.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Import a further-reading document"),
        "form": form,
        "errors": errors,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(
        request, "admin/journeys/resource/import.html", context, status=400 if errors else 200
    )
