"""The chart of each report, as server-rendered SVG (the same in the preview and the PDF)."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from cddfund import regions
from cddfund.charts import stacked_bars

# A bar stays readable on an A4 page and a phone up to about thirty bars: a report with more
# rows is drawn by province, and past thirty provinces by inspection region.
MAX_BARS = 30

# Each report's bars: its parts of a row, their names, and what the chart shows.
CHARTS = {
    "levels": (
        lambda row: [row["level3"], row["level2"], row["level1"]],
        (lambda: [_("ระดับ 3 ดี"), _("ระดับ 2 ปานกลาง"), _("ระดับ 1 ต้องปรับปรุง")]),
        lambda by: _("การกระจายระดับการพัฒนาแยกตาม%(by)s") % {"by": by},
    ),
    "debts": (
        lambda row: [row["reduced"], row["targets"] - row["reduced"]],
        (lambda: [_("ลด/ปลดหนี้ได้"), _("ยังไม่ลด")]),
        lambda by: _("ความก้าวหน้าตัวชี้วัดการลดหนี้แยกตาม%(by)s") % {"by": by},
    ),
    "ssg": (
        lambda row: [row["with_plan"], row["selected"] - row["with_plan"]],
        (lambda: [_("มีแผนตามมาตรฐาน SSG"), _("ยังไม่มีแผน")]),
        lambda by: _("กลุ่มเป้าหมายที่มีแผนการบริหารจัดการตามมาตรฐานแยกตาม%(by)s") % {"by": by},
    ),
}


def _summed(rows: list[dict], key: Callable, parts: Callable) -> list[tuple[str, list]]:
    bars: dict[str, list] = {}
    for row in rows:
        values = parts(row)
        found = bars.setdefault(key(row), [0] * len(values))
        for i, value in enumerate(values):
            found[i] += value
    return list(bars.items())


def bars_of(report, parts: Callable) -> tuple[list[tuple[str, list]], str]:
    """The report's bars, at most ``MAX_BARS`` of them where the report has more provinces than
    that: one per row, else per province, else per inspection region; and what a bar is."""
    rows = report.rows
    if len(rows) <= MAX_BARS:
        # A row is a district, or a province where the report is grouped by region.
        return [(row["label"], parts(row)) for row in rows], (
            _("จังหวัด") if report.group else _("อำเภอ")
        )
    by_province = _summed(rows, lambda row: row.get("province", row["label"]), parts)
    if len(by_province) <= MAX_BARS:
        return by_province, _("จังหวัด")
    ordered = sorted(rows, key=lambda row: (row.get("region") is None, row.get("region") or 0))
    return _summed(ordered, lambda row: regions.label(row.get("region")), parts), _("เขตตรวจราชการ")


def chart(report) -> str:
    if report.slug not in CHARTS:
        return ""
    parts, names, title = CHARTS[report.slug]
    bars, by = bars_of(report, parts)
    return stacked_bars(bars, names(), title=title(by))
