"""The rows of the project's tables (``components/table.html``, every django-tables2 table)."""

from django import template
from django.template.base import render_value_in_context
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


def _fixed(bound_column) -> bool:
    """Whether a column's cell attributes are the same on every row (no callable in them)."""
    return not any(callable(v) for v in bound_column.column.attrs.get("td", {}).values())


@register.simple_tag(takes_context=True)
def table_cells(context, row):
    """A row's cells, each ``<td>`` with its column's attributes and its heading as
    ``data-label`` (a phone shows a row as a card). What django-tables2's template writes, with
    each column's attributes and heading worked out once per table rather than once per cell:
    a page of rows costs the cells' values, not the template's lookups."""
    table = row.table
    heads = table.__dict__.setdefault("_cell_heads", {})
    cells = []
    for column, cell in row.items():
        head = heads.get(column.name)
        if head is None:
            attrs = column.attrs["td"].as_html() if _fixed(column) else None
            head = heads[column.name] = (attrs, conditional_escape(column.header))
        attrs = head[0] if head[0] is not None else column.attrs["td"].as_html()
        if column.localize is None:
            shown = render_value_in_context(cell, context)
        else:
            shown = conditional_escape(formats.localize(cell, use_l10n=column.localize))
        cell_html = format_html('<td {} data-label="{}">{}</td>', mark_safe(attrs), head[1], shown)
        cells.append(cell_html)
    return mark_safe("".join(cells))
