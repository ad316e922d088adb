"""Tags that show what apps registered for a shared page (``cddfund.registry``)."""

from django import template

from cddfund.registry import registry

register = template.Library()


@register.inclusion_tag("components/register_links.html")
def register_links(key, **context):
    """The links registered for a register (its exports), given the page's centre and year."""
    return {"links": registry.links_for(key, **context)}
