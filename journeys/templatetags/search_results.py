"""The search page's list of results, written in one tag: a search as you type renders
20 results with five values each, every time (the visitor's words are never cached)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from journeys.templatetags.journeys import escaped as esc

register = template.Library()


@register.simple_tag
def search_results(results):
    """Each result: where it is, its title linked, the name it was found by, its snippet
    (the title, names and snippet come highlighted and escaped from search/snippets.py)."""
    also = esc(_("Also called:"))
    items = []
    for result in results:
        doc = result.doc
        title = f'<a href="{esc(doc.url)}">{esc(result.title)}</a>'
        extra = f'<p class="search-also">{also} {esc(result.also)}</p>' if result.also else ""
        snippet = f'<p class="search-snippet">{esc(result.snippet)}</p>' if result.snippet else ""
        items.append(
            f'\n      <li class="search-result kind-{esc(doc.kind)}">'
            f'\n        <p class="search-where">{esc(doc.where)}</p>'
            f'\n        <h2 class="search-title">{title}</h2>'
            f"\n        {extra}\n        {snippet}\n      </li>\n      "
        )
    return mark_safe("".join(items))  # noqa: S308 - every value escaped above
