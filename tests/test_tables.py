"""The project's table template (components/table.html and its ``table_cells`` tag): every cell
carries its column's attributes and heading, values shown as Django's templates show them."""

from decimal import Decimal

import django_tables2 as tables
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


class Sample(tables.Table):
    name = tables.Column(verbose_name="ชื่อ <b>", attrs={"td": {"data-key": ""}})
    amount = tables.Column(verbose_name="ยอด", attrs={"td": {"class": "num"}})
    kept = tables.Column(verbose_name="ดิบ", localize=False)
    mark = tables.Column(verbose_name="ป้าย", attrs={"td": {"data-v": lambda value: value}})


def _render(rows) -> str:
    request = RequestFactory().get("/")
    table = Sample(rows)
    tables.RequestConfig(request, paginate=False).configure(table)
    with translation.override("th"):
        return render_to_string("components/table.html", {"table": table, "request": request})


def test_each_cell_has_its_columns_attributes_heading_and_value_escaped():
    html = _render(
        [
            {"name": "<i>ศูนย์</i>", "amount": Decimal("1234.50"), "kept": 12345, "mark": "a"},
            {"name": "กลุ่ม", "amount": Decimal("7"), "kept": 6, "mark": "b"},
        ]
    )
    assert '<td data-key="" data-label="ชื่อ &lt;b&gt;">&lt;i&gt;ศูนย์&lt;/i&gt;</td>' in html
    assert '<td class="num" data-label="ยอด">1234.50</td>' in html
    assert '<td  data-label="ดิบ">12345</td>' in html
    # Attributes given as a function are worked out for each cell.
    assert '<td data-v="a" data-label="ป้าย">a</td>' in html
    assert '<td data-v="b" data-label="ป้าย">b</td>' in html
    assert html.count("<td ") == 8
