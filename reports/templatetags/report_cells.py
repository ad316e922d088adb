from django import template
from django.utils.html import format_html_join

from cddfund import thai

register = template.Library()


@register.simple_tag
def cell(row, column):
    value = row.get(column.key)
    if value is None:
        return "-"
    if column.kind == "money":
        return thai.format_number(value)
    if column.kind == "percent":
        return thai.format_number(value)
    if column.kind == "int":
        return thai.format_number(value, 0)
    return value


@register.simple_tag
def cells(row, columns):
    """A row's cells in one call (a national directory has thousands of rows)."""
    return format_html_join(
        "",
        '<td class="{}">{}</td>',
        (("num" if c.kind != "text" else "", cell(row, c)) for c in columns),
    )
