"""A caregiver checklist's item, built in Python (issue 26).

The checklist page with a journey's ticks is personal, so it is rendered on every view:
its ~35 items were ~700 template nodes a page, each with two URL reversals and two
translations. `checklist_item` writes what the template wrote, byte for byte, for the
page and for the item an htmx tick answers with (both go through the same partial).
"""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from journeys.templatetags.journeys import escaped as esc
from journeys.templatetags.journeys import line
from journeys.templatetags.log_day import csrf_input

register = template.Library()

_ITEM = """<li id="item-{pk}" class="check-item{done}">
      <form method="post" action="{url}"
            hx-post="{url}" hx-target="#item-{pk}" hx-swap="outerHTML" data-outbox="tick">
        {csrf}
        <input type="hidden" name="item" value="{pk}">
        <input type="hidden" name="stage" value="{stage}">
        <input type="hidden" name="checked" value="{next}">
        <button type="submit" class="tick" aria-pressed="{pressed}">
          <span class="box" aria-hidden="true">{box}</span>
          <span class="text">{text}</span>
          <span class="visually-hidden">{state}</span>
        </button>
      </form>
    </li>"""


@register.simple_tag(takes_context=True)
def checklist_item(context, item, stage):
    """One item's tick form: `item.checked` says whether it is ticked on this journey."""
    once = context.render_context.setdefault("checklist_item", {})
    if not once:  # the same for every item of one render
        once["url"] = esc(reverse("journeys:checklists"))
        once["csrf"] = csrf_input(context)
        once["done"], once["not done"] = _("(done)"), _("(not done yet)")
    checked = bool(item.checked)
    return mark_safe(  # noqa: S308 - every value escaped above or below
        _ITEM.format(
            pk=esc(item.pk),
            done=" done" if checked else "",
            url=once["url"],
            csrf=once["csrf"],
            stage=esc(stage.slug),
            next="0" if checked else "1",
            pressed="true" if checked else "false",
            box="☑" if checked else "☐",
            text=line(context, item, "text"),
            state=once["done"] if checked else once["not done"],
        )
    )
