from django import template

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
