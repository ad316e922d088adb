import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cddfund import thai
from cddfund.forms import ThaiDateField


def _national_id_check_digit(first12: str) -> str:
    """The domain guide's formula: (11 - (Σ d_i·(14-i)) mod 11) mod 10."""
    total = sum(int(d) * (14 - i) for i, d in enumerate(first12, start=1))
    return str((11 - total % 11) % 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/03/2567", datetime.date(2024, 3, 15)),
        ("1/10/2561", datetime.date(2018, 10, 1)),
        ("30-09-2562", datetime.date(2019, 9, 30)),
        ("29/02/2567", datetime.date(2024, 2, 29)),
        (" 05.01.2568 พ.ศ. ", datetime.date(2025, 1, 5)),
    ],
)
def test_parse_date_reads_buddhist_era(text, expected):
    assert thai.parse_date(text) == expected


def _error(text):
    with pytest.raises(ValidationError) as info:
        thai.parse_date(text)
    return info.value


def test_parse_date_rejects_february_29_in_a_common_year():
    error = _error("29/02/2566")
    assert error.code == "not_real"
    assert error.messages == ["ไม่มีวันที่ 29 กุมภาพันธ์ พ.ศ. 2566 ในปฏิทิน"]


def test_parse_date_says_a_gregorian_year_is_not_buddhist_era():
    error = _error("15/03/2024")
    assert error.code == "gregorian_year"
    assert error.messages == ["ปี 2024 เป็นปี ค.ศ. กรุณากรอกปี พ.ศ. (ปี 2024 คือ พ.ศ. 2567)"]


@pytest.mark.parametrize("text", ["", "abc", "15/03/67", "2567-03-15", "15/03"])
def test_parse_date_explains_the_expected_format(text):
    assert _error(text).messages == ["กรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 15/03/2567"]


def test_parse_date_rejects_month_thirteen_and_years_out_of_range():
    assert _error("01/13/2567").messages == ["เดือนต้องอยู่ระหว่าง 1 ถึง 12"]
    assert _error("01/01/3000").messages == ["ปี พ.ศ. 3000 อยู่นอกช่วงที่ใช้ได้ (2400-2700)"]
    assert _error("31/04/2567").code == "not_real"


def test_format_dates_in_buddhist_era():
    day = datetime.date(2024, 3, 5)
    assert thai.format_date(day) == "05/03/2567"
    assert thai.format_date_long(day) == "5 มีนาคม 2567"
    assert thai.format_date_short(day) == "5 มี.ค. 2567"
    assert thai.format_date(None) == ""


def test_format_and_parse_round_trip_over_a_leap_year():
    day = datetime.date(2023, 12, 25)
    while day < datetime.date(2025, 1, 10):
        assert thai.parse_date(thai.format_date(day)) == day
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (datetime.date(2018, 9, 30), 2561),
        (datetime.date(2018, 10, 1), 2562),
        (datetime.date(2019, 9, 30), 2562),
        (datetime.date(2019, 10, 1), 2563),
        (datetime.date(2024, 2, 29), 2567),
        (datetime.date(2023, 12, 31), 2567),
        (datetime.date(2024, 1, 1), 2567),
    ],
)
def test_fiscal_year_changes_on_first_of_october(day, fiscal_year):
    assert thai.fiscal_year(day) == fiscal_year


def test_fiscal_year_2562_runs_from_1_october_2018_to_30_september_2019():
    assert thai.fiscal_year_bounds(2562) == (datetime.date(2018, 10, 1), datetime.date(2019, 9, 30))


def test_baht_amounts_have_thousands_separators_and_two_places():
    assert thai.format_baht(Decimal("1234.5")) == "1,234.50 บาท"
    assert thai.format_baht(Decimal("0")) == "0.00 บาท"
    assert thai.format_baht(Decimal("1000000.005")) == "1,000,000.01 บาท"
    assert thai.format_number(Decimal("1234"), 0) == "1,234"


VALID_IDS = ["3100600445635", "1101700230708", "1234545678781"]


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_national_ids_pass_and_match_the_domain_formula(number):
    assert thai.validate_national_id(number) == number
    assert _national_id_check_digit(number[:12]) == number[12]


def test_national_id_accepts_dashes_and_spaces():
    assert thai.validate_national_id("3-1006-00445-63-5") == "3100600445635"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("3100600445636", "เลขประจำตัวประชาชนไม่ถูกต้อง: หลักสุดท้าย (หลักตรวจสอบ) ไม่ตรง"),
        ("310060044563", "เลขประจำตัวประชาชนต้องมี 13 หลัก"),
        ("31006004456a5", "เลขประจำตัวประชาชนต้องเป็นตัวเลขเท่านั้น"),
        ("0100600445635", "เลขประจำตัวประชาชนต้องไม่ขึ้นต้นด้วย 0 หรือ 9"),
    ],
)
def test_invalid_national_ids_get_thai_messages(number, message):
    with pytest.raises(ValidationError) as info:
        thai.validate_national_id(number)
    assert info.value.messages == [message]


def test_every_wrong_check_digit_is_rejected():
    first12 = "110170023070"
    right = _national_id_check_digit(first12)
    for digit in "0123456789":
        if digit != right:
            with pytest.raises(ValidationError):
                thai.validate_national_id(first12 + digit)


def test_national_id_is_formatted_and_masked():
    assert thai.format_national_id("3100600445635") == "3-1006-00445-63-5"
    assert thai.mask_national_id("3100600445635") == "3-1006-xxxxx-xx-5"


def test_date_field_refuses_future_dates_when_past_is_meant():
    field = ThaiDateField(not_future=True)
    with pytest.raises(ValidationError) as info:
        field.clean("01/01/2690")
    assert info.value.code == "future"
    assert info.value.messages[0].startswith("วันที่ต้องไม่เลยวันนี้")
    assert field.clean("01/01/2560") == datetime.date(2017, 1, 1)


def test_date_field_shows_stored_dates_in_buddhist_era():
    field = ThaiDateField()
    html = field.widget.render("d", datetime.date(2019, 9, 30))
    assert 'value="30/09/2562"' in html
