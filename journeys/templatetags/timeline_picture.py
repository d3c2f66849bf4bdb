"""Pixel rows of the timeline picture (the percentages come from timeline_picture.py)."""

from django import template

register = template.Library()


@register.filter
def row(index, spec):
    """`index` rows of `step` pixels below `first`: spec is "first,step"."""
    first, step = (int(n) for n in spec.split(","))
    return first + int(index) * step
