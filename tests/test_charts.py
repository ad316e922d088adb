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
