"""The checklist's item tag writes what the template's markup wrote, byte for byte."""

from types import SimpleNamespace

import pytest
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.utils import translation

from journeys.models import ChecklistItem

pytestmark = pytest.mark.django_db

#: The item as checklists.html wrote it before `{% checklist_item %}`.
OLD = """{% load i18n journeys %}<li id="item-{{ item.pk }}" class="check-item{% if item.checked %} done{% endif %}">
      <form method="post" action="{% url 'journeys:checklists' %}"
            hx-post="{% url 'journeys:checklists' %}" hx-target="#item-{{ item.pk }}" hx-swap="outerHTML" data-outbox="tick">
        {% csrf_token %}
        <input type="hidden" name="item" value="{{ item.pk }}">
        <input type="hidden" name="stage" value="{{ stage.slug }}">
        <input type="hidden" name="checked" value="{% if item.checked %}0{% else %}1{% endif %}">
        <button type="submit" class="tick" aria-pressed="{% if item.checked %}true{% else %}false{% endif %}">
          <span class="box" aria-hidden="true">{% if item.checked %}☑{% else %}☐{% endif %}</span>
          <span class="text">{% line item "text" %}</span>
          <span class="visually-hidden">{% if item.checked %}{% translate "(done)" %}{% else %}{% translate "(not done yet)" %}{% endif %}</span>
        </button>
      </form>
    </li>"""  # noqa: E501
NEW = "{% load checklist_item %}{% checklist_item item stage %}"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("checked", [True, False])
@pytest.mark.parametrize("untranslated", [False, True])
def test_an_item_reads_as_the_template_wrote_it(seeded_db, language, checked, untranslated):
    item = ChecklistItem.objects.published().select_related("stage").first()
    item.text = 'Pack <b>"snacks"</b> & water for {hours} hours'
    item.checked = checked
    if untranslated:
        item.untranslated = language
    stage = SimpleNamespace(slug='collection"<x>')
    request = RequestFactory().get("/checklists/")
    request.care_center = None
    with translation.override(language):
        written = {}
        for name, source in (("old", OLD), ("new", NEW)):
            context = RequestContext(request, {"item": item, "stage": stage, "numbers": {}})
            context["csrf_token"] = "tok<en>"
            written[name] = Template(source).render(context)
    assert written["new"] == written["old"]
    assert "tok&lt;en&gt;" in written["new"] and ("☑" if checked else "☐") in written["new"]


def test_the_tag_needs_no_request_context_to_write_the_same(seeded_db):
    item = ChecklistItem.objects.published().first()
    item.checked = False
    stage = SimpleNamespace(slug="s")
    old = Template(OLD).render(Context({"item": item, "stage": stage, "numbers": {}}))
    new = Template(NEW).render(Context({"item": item, "stage": stage, "numbers": {}}))
    assert new == old
