"""The admin page that imports further-reading documents (ResourceAdmin's import/ URL).

admin/content.py registers the URL; the page itself lives here. The import rules are in
resources.py: an editor's upload never publishes, and a re-upload of a published document
becomes a waiting edit. Several files can be chosen at once (issue 30): every file is
read first, and when any has a problem nothing is imported; then each is imported and the
page says, document by document, whether it is published or waits for a reviewer.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journeys.content.governance.resources import (
    MAX_BYTES,
    ResourceError,
    resource_import,
    resource_read,
)
from journeys.content.governance.workflow import can_publish
from journeys.content.models.base import Status

#: The most files one import takes (the request itself is capped at MAX_REQUEST_BYTES).
MAX_FILES = 20


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or several files (Django's documented pattern): cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if not isinstance(data, list | tuple):
            return [one(data, initial)]
        if not data:
            return [one(None, initial)]  # "This field is required."
        if len(data) > MAX_FILES:
            raise forms.ValidationError(
                _("Choose %(most)d files at most in one import (you chose %(count)d).")
                % {"most": MAX_FILES, "count": len(data)},
                code="too_many",
            )
        return [one(item, initial) for item in data]


class ResourceUploadForm(forms.Form):
    document = MultipleFileField(
        label=gettext_lazy("Markdown files with YAML front matter (one or several)"),
        help_text=gettext_lazy(
            "Front matter keys: title, source, url, license, lastReviewed, "
            "reviewFrequency, audienceLevel, language, status, tags, version."
        ),
    )


def _texts(uploads):
    """(name, text) of each upload, and the problems of those that are not UTF-8 text or
    do not read as a document (every file is read before anything is imported)."""
    texts, errors = [], []
    for upload in uploads:
        try:
            text = upload.read(MAX_BYTES + 1).decode("utf-8")
        except UnicodeDecodeError:
            errors.append(f"{upload.name}:1: the file is not UTF-8 text")
            continue
        try:
            resource_read(name=upload.name, text=text)
        except ResourceError as exc:
            errors += str(exc).splitlines()
            continue
        texts.append((upload.name, text))
    return texts, errors


def import_uploads(request, uploads):
    """Import the uploaded documents on behalf of `request.user`, all or none:
    (resources, errors)."""
    texts, errors = _texts(uploads)
    if errors:
        return [], errors
    may_publish = can_publish(request.user)
    try:
        with transaction.atomic():
            resources = [
                resource_import(name=name, text=text, may_publish=may_publish)[0]
                for name, text in texts
            ]
    except ResourceError as exc:
        return [], str(exc).splitlines()
    return resources, []


def import_outcome(resource):
    """What an import did to `resource`, as staff need to know it: published, or waiting
    for a reviewer (and whether patients see anything meanwhile)."""
    title = {"title": resource.title}
    if resource.pending:
        if resource.pending_status == Status.IN_REVIEW:
            return (
                _(
                    "“%(title)s” was published before. The changes wait for a medical "
                    "reviewer. Patients keep reading the published version until then."
                )
                % title
            )
        return (
            _(
                "“%(title)s” was published before. The changes are a draft: submit them "
                "for review when they are ready."
            )
            % title
        )
    if resource.status == Status.PUBLISHED:
        return _("“%(title)s” is published. Patients can read it now.") % title
    if resource.status == Status.IN_REVIEW:
        return (
            _(
                "“%(title)s” waits for a medical reviewer. Patients do not see it until it "
                "is published."
            )
            % title
        )
    return (
        _("“%(title)s” is a draft. Patients do not see it. Submit it for review when it is ready.")
        % title
    )


def resource_import_view(model_admin, request):
    """The upload form; on success, the imported resource's change page (one file) or the
    resource list (several), with what each import did."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ResourceUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        resources, errors = import_uploads(request, form.cleaned_data["document"])
        if resources:
            if len(resources) == 1:
                said = _("Imported “%(title)s”.") % {"title": resources[0].title}
            else:
                said = _("Imported %(count)d documents.") % {"count": len(resources)}
            model_admin.message_user(request, said, messages.SUCCESS)
            for resource in resources:
                model_admin.message_user(request, import_outcome(resource), messages.INFO)
            if len(resources) == 1:
                return redirect("admin:journeys_resource_change", resources[0].pk)
            return redirect("admin:journeys_resource_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Import further-reading documents"),
        "form": form,
        "errors": errors,
        "opts": model_admin.model._meta,
        "max_files": MAX_FILES,
        "max_kb": settings.MAX_REQUEST_BYTES // 1000,
    }
    status = 400 if errors or (request.method == "POST" and form.errors) else 200
    return TemplateResponse(request, "admin/journeys/resource/import.html", context, status=status)
