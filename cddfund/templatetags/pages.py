"""Tags that show what apps registered for a shared page (``cddfund.registry``)."""

from dataclasses import dataclass

from django import template
from django.utils.html import format_html_join

from cddfund.registry import registry

register = template.Library()


@register.inclusion_tag("components/register_links.html")
def register_links(key, **context):
    """The links registered for a register (its exports), given the page's centre and year."""
    return {"links": registry.links_for(key, **context)}


@register.simple_tag(takes_context=True)
def page_sections(context, key, **given):
    """The sections other apps registered for this page, each rendered by its app."""
    found = registry.sections_for(key, context["request"], **given)
    return format_html_join("", "{}", ((html,) for html in found))


@dataclass
class Chip:
    label: str
    value: str
    remove_url: str


@register.simple_tag(takes_context=True)
def active_filters(context, filterset) -> list[Chip]:
    """The filters a list is narrowed by, each with the address of the same list without it
    (and back on its first page): shown as chips above a list whose filters are folded away."""
    request = context["request"]
    form = filterset.form
    data = form.cleaned_data if form.is_valid() else {}
    chips = []
    for field in form.visible_fields():
        value = data.get(field.name)
        if value in (None, "", [], ()):
            continue
        choices = None if hasattr(value, "pk") else getattr(field.field, "choices", None)
        shown = str(dict(choices).get(value, value) if choices is not None else value)
        query = request.GET.copy()
        for key in (field.name, "page"):
            query.pop(key, None)
        remaining = query.urlencode()
        chips.append(
            Chip(
                str(field.label),
                shown,
                f"{request.path}?{remaining}" if remaining else request.path,
            )
        )
    return chips
