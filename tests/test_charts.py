"""The household's debt chart stays readable on a phone."""

import datetime
import re
from decimal import Decimal

from cddfund.charts import STEP_WIDTH, step_chart

PHONE_WIDTH = 360


def test_the_labels_are_at_least_12_px_on_a_360_px_phone():
    svg = step_chart(
        [(datetime.date(2024, 11, 1), Decimal(80000)), (datetime.date(2025, 6, 1), Decimal(50000))]
    )
    sizes = {int(size) for size in re.findall(r'font-size="(\d+)"', svg)}
    assert sizes and min(sizes) * PHONE_WIDTH / STEP_WIDTH >= 12
    assert "<polyline" in svg


def test_one_survey_is_shown_as_its_value_and_date_not_as_an_axis():
    svg = step_chart([(datetime.date(2024, 11, 1), Decimal(80000))], title="หนี้คงค้าง")
    assert "<polyline" not in svg
    assert svg.count("01/11/2567") == 1
    assert "80,000.00" in svg


def _report(provinces: int, districts_each: int, region_of=lambda p: p % 18 + 1):
    from cddfund.periods import Period
    from reports.data import DEBT_COLUMNS, Report, Section

    sections = []
    for p in range(provinces):
        rows = [
            {"label": f"อำเภอ {p}-{d}", "province": f"จังหวัด {p}", "region": region_of(p),
             "targets": 10, "reduced": 1 + (p + d) % 9}
            for d in range(districts_each)
        ]  # fmt: skip
        sections.append(Section(f"จังหวัด {p}", rows, {}))
    return Report("debts", "", Period(2569), DEBT_COLUMNS, sections, {}, [])


def test_a_national_chart_draws_regions_not_nine_hundred_districts():
    from reports.charts import MAX_BARS, bars_of, chart

    parts = lambda row: [row["reduced"], row["targets"] - row["reduced"]]  # noqa: E731
    # A province's districts: one bar each.
    bars, by = bars_of(_report(1, 12), parts)
    assert len(bars) == 12 and by == "อำเภอ"
    # A few provinces' districts: one bar per province, their districts summed.
    bars, by = bars_of(_report(5, 12), parts)
    assert len(bars) == 5 and by == "จังหวัด"
    assert sum(b[1][0] for b in bars) == sum(r["reduced"] for r in _report(5, 12).rows)
    # The country (77 provinces, 928 districts): one bar per inspection region.
    country = _report(77, 12)
    bars, by = bars_of(country, parts)
    assert len(bars) == 18 <= MAX_BARS and by == "เขตตรวจราชการ"
    assert bars[0][0] == "เขตตรวจราชการที่ 1"
    assert sum(b[1][0] + b[1][1] for b in bars) == 10 * len(country.rows)
    svg = chart(country)
    assert svg.count("<rect") < 3 * MAX_BARS + 10 and "แยกตามเขตตรวจราชการ" in svg
