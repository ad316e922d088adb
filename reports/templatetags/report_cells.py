from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

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
    """A row's cells in one call (a national directory has thousands of rows): numbers are
    formatted, never escaped (they are digits, commas and a point); text is escaped."""
    parts = []
    for column in columns:
        value = cell(row, column)
        if column.key == "label" and row.get("href"):  # a page's row that opens its details
            parts.append(f'<td><a href="{escape(row["href"])}">{escape(value)}</a></td>')
        elif column.kind == "text":
            parts.append(f"<td>{escape(value)}</td>")
        else:
            parts.append(f'<td class="num">{value}</td>')
    return mark_safe("".join(parts))  # every text value was escaped above
