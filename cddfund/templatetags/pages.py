"""Tags that show what apps registered for a shared page (``cddfund.registry``)."""

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
