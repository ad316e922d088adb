"""The district officer's main pages on a 360 × 740 phone: nothing wider than the screen, every
control at least 44 × 44 px, a list's first row within the first screen. A screenshot of each
page is kept in test-artifacts/."""

import pytest
from django.utils import timezone

from cddfund import demo, thai
from tests.browser.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
TAP = 44

# The controls of a page that are shown and smaller than a thumb: buttons, fields, summaries and
# the links that stand alone (menus, tabs, pages, chips, the work list); a tick box counts by its
# label. Links inside a sentence are exempt (WCAG 2.5.5).
SMALL_CONTROLS = """(tap) => {
  const found = [];
  const selector = 'button, input:not([type=hidden]):not(.date-picker), select, textarea, summary,'
    + ' .pagination a,'
    + ' .mainnav a, .tabs a, .chips a, .work-list a, .inbox-link, .brand, .hits a';
  for (const el of document.querySelectorAll(selector)) {
    let box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (el.type === 'checkbox' || el.type === 'radio') {
      const label = el.closest('label');
      if (label) box = label.getBoundingClientRect();
    }
    if (box.height < tap || box.width < tap) {
      const size = Math.round(box.width) + 'x' + Math.round(box.height);
      found.push(el.outerHTML.slice(0, 90) + ' ' + size);
    }
  }
  return found;
}"""


# Tables wider than their box (they would scroll sideways inside it).
SIDEWAYS_TABLES = """() => [...document.querySelectorAll('.table-container')]
  .filter((box) => box.scrollWidth > box.clientWidth + 1)
  .map((box) => (box.querySelector('thead') || box).innerText.slice(0, 80))"""


@pytest.fixture
def officer_records(areas_loaded):
    from assessments import demo as assessments_demo
    from debts import demo as debts_demo
    from institutes import demo as institutes_demo

    context = {}
    demo.seed(context)
    institutes_demo.seed(context)
    debts_demo.seed(context)
    assessments_demo.seed(context)
    return context


def _check(page, name: str, first_row: bool = False) -> None:
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: the page is {width} px wide"
    sideways = page.evaluate(SIDEWAYS_TABLES)
    assert sideways == [], f"{name}: tables scrolling sideways: {sideways}"
    small = page.evaluate(SMALL_CONTROLS, TAP)
    assert small == [], f"{name}: controls under {TAP} px: {small}"
    if first_row:
        row = page.locator("table tbody tr").first.bounding_box()
        assert row is not None and row["y"] < PHONE["height"], f"{name}: first row at {row}"


def test_the_officers_main_pages_fit_a_phone(new_page, officer_records):
    from assessments.models import Assessment
    from debts.models import Household

    centre = officer_records["centres"]["บ้านโป่ง"]
    household = Household.objects.filter(centre=centre, baseline_on__isnull=False).first()
    assessment = Assessment.objects.filter(centre=centre).order_by("-fiscal_year").first()
    page = new_page(**PHONE)
    log_in(page, "maesuai", demo.DEMO_PASSWORD)
    _check(page, "home")
    page.goto("/households/")
    _check(page, "households", first_row=True)
    # A district officer has one district: no province or district to choose.
    assert page.locator("#id_province").count() == 0 and page.locator("#id_district").count() == 0
    page.goto("/centres/")
    _check(page, "centres", first_row=True)
    page.goto(centre.get_absolute_url())
    _check(page, "centre")
    page.goto(f"/centres/{centre.pk}/shares/")
    _check(page, "centre-shares")
    page.goto(household.get_absolute_url())
    _check(page, "household")
    page.goto(assessment.get_absolute_url())
    _check(page, "assessment")


def test_filters_fold_behind_one_button_and_show_as_chips(new_page, officer_records):
    page = new_page(**PHONE)
    log_in(page, "maesuai", demo.DEMO_PASSWORD)
    page.goto("/households/")
    form = page.locator("details.filters form.filter-bar")
    assert not form.is_visible()  # folded
    page.get_by_text("ตัวกรอง", exact=True).click()
    page.locator("#id_one_contract").select_option("no")
    form.get_by_role("button", name="ค้นหา").click()
    page.wait_for_load_state("networkidle")
    chip = page.locator(".chips a")
    assert chip.count() == 1 and "1 ครัวเรือน 1 สัญญา: ยังไม่ถึง" in chip.inner_text()
    assert "ตัวกรอง (1)" in page.locator("details.filters > summary").inner_text()
    chip.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".chips a").count() == 0
    assert "one_contract" not in page.url

    # On a wide screen the filters stay open.
    wide = new_page(width=1280)
    log_in(wide, "maesuai", demo.DEMO_PASSWORD)
    wide.goto("/households/")
    assert wide.locator("details.filters form.filter-bar").is_visible()


def test_the_centres_registers_are_a_menu_on_a_phone(new_page, officer_records):
    centre = officer_records["centres"]["บ้านโป่ง"]
    page = new_page(**PHONE)
    log_in(page, "maesuai", demo.DEMO_PASSWORD)
    page.goto(centre.get_absolute_url())
    menu = page.locator(".tab-menu > summary")
    assert "ข้อมูลศูนย์" in menu.inner_text()
    assert not page.get_by_role("link", name="ทะเบียนคุมเงินลงหุ้น").is_visible()
    menu.click()
    page.get_by_role("link", name="ทะเบียนคุมเงินลงหุ้น").click()
    page.wait_for_url(f"**/centres/{centre.pk}/shares/")
    assert "ทะเบียนคุมเงินลงหุ้น" in page.locator(".tab-menu > summary").inner_text()


def _new_assessment(officer_records):
    """A draft assessment of บ้านโป่ง for the first fiscal year it has none, started by แม่สรวย."""
    from assessments import services
    from assessments.models import Assessment

    centre = officer_records["centres"]["บ้านโป่ง"]
    used = set(Assessment.objects.filter(centre=centre).values_list("fiscal_year", flat=True))
    year = next(y for y in range(2568, 2580) if y not in used)
    return services.assessment_start(
        by=officer_records["accounts"]["maesuai"], centre=centre, fiscal_year=year
    )


def test_an_assessment_is_filled_area_by_area_on_a_phone(new_page, officer_records):
    assessment = _new_assessment(officer_records)
    page = new_page(**PHONE)
    log_in(page, "maesuai", demo.DEMO_PASSWORD)
    page.goto(assessment.get_absolute_url())
    areas = page.locator(".area-steps li").count() - 1  # and "every area on one page"
    for number in range(1, areas + 1):
        assert page.locator(".area-steps a[aria-current]").inner_text().startswith(f"ด้านที่ {number}")
        _check(page, f"assessment-area-{number}")
        for section in page.locator("section.indicator").all():
            # One thumb on the whole row: what the records suggest, else the first choice.
            suggested = section.locator("label.criterion:has(.tag)")
            (suggested if suggested.count() else section.locator("label.criterion").first).click()
        if number < areas:
            page.get_by_role("button", name=f"บันทึกแล้วไปด้านที่ {number + 1}").click()
            page.wait_for_load_state("networkidle")
    # The connection drops before the last area is sent: what was saved stays saved.
    assessment.refresh_from_db()
    saved = assessment.answers.exclude(criterion=None).count()
    assert saved == assessment.answers.count() - page.locator("section.indicator").count()
    page.get_by_role("button", name="บันทึกและส่งจังหวัด").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("ส่งแบบประเมินให้จังหวัดแล้ว").is_visible()
    assessment.refresh_from_db()
    assert assessment.state == "submitted"


def test_an_officer_finds_a_household_and_records_a_repayment_on_a_phone(new_page, officer_records):
    from debts.models import Household, Loan

    household = Household.objects.filter(
        centre=officer_records["centres"]["บ้านโป่ง"], active_contracts__gte=1, outstanding__gt=1000
    ).first()
    loan = Loan.objects.filter(household=household, status="active", outstanding__gt=1000).first()
    page = new_page(**PHONE)
    log_in(page, "maesuai", demo.DEMO_PASSWORD)
    box = page.get_by_placeholder("ค้นหาศูนย์ หมู่บ้าน กลุ่ม ครัวเรือน")
    box.fill(household.head_national_id[-4:])
    box.press("Enter")
    page.wait_for_load_state("networkidle")
    _check(page, "search")
    page.get_by_role("link", name=household.head_name).first.click()
    page.wait_for_url(f"**/households/{household.pk}/")
    _check(page, "household-before")
    page.get_by_role("link", name="บันทึกการชำระหนี้").click()
    page.wait_for_load_state("networkidle")
    _check(page, "repayment-form")
    contract = page.get_by_label("สัญญา", exact=True)
    contract.select_option(
        contract.locator("option", has_text=loan.contract_no).first.get_attribute("value")
    )
    page.get_by_label("จำนวนเงินที่ชำระ (บาท)").fill("1000")
    # The calendar button writes the phone picker's date in the Buddhist Era.
    page.get_by_role("button", name="เปิดปฏิทิน").click()
    page.locator("input.date-picker").fill("2025-01-10")
    assert page.get_by_label("วันที่").input_value() == "10/01/2568"
    page.get_by_label("วันที่").fill(thai.format_date(timezone.localdate()))
    page.get_by_role("button", name="ดูผลก่อนบันทึก").click()
    page.wait_for_load_state("networkidle")
    _check(page, "repayment-preview")
    page.get_by_role("button", name="ยืนยันบันทึก").click()
    page.wait_for_load_state("networkidle")
    loan.refresh_from_db()
    assert loan.movements.filter(event__kind="repayment").exists()
    _check(page, "household-after")


def test_a_list_row_is_a_card_with_its_key_figures_first(new_page, officer_records):
    page = new_page(**PHONE)
    log_in(page, "maesuai", demo.DEMO_PASSWORD)
    page.goto("/households/")
    page.wait_for_load_state("networkidle")
    card = page.locator("table tbody tr.folded").first
    outstanding = card.locator("td[data-label='หนี้คงค้าง (ฐาน → ปัจจุบัน)']")
    village = card.locator("td[data-label='หมู่บ้าน']")
    assert outstanding.is_visible() and not village.is_visible()
    # The button counts what it folds; the key figures stay above the rest once unfolded.
    folded = card.locator("td[data-label]:not([data-key]):not(:first-child)").count()
    button = card.locator("td.fold button")
    assert button.inner_text().endswith(f"แสดงอีก {folded} รายการ")
    button.click()
    assert village.is_visible() and button.get_attribute("aria-expanded") == "true"
    assert outstanding.bounding_box()["y"] < village.bounding_box()["y"]
    # On a wide screen it is a table again: every column, no button.
    wide = new_page(width=1280)
    log_in(wide, "maesuai", demo.DEMO_PASSWORD)
    wide.goto("/households/")
    wide.wait_for_load_state("networkidle")
    assert wide.locator("table thead").is_visible()
    assert wide.locator("table tbody tr").first.locator("td[data-label='หมู่บ้าน']").is_visible()
    assert not wide.locator("td.fold button").first.is_visible()


def test_grouped_and_report_tables_are_cards_on_a_phone(new_page, officer_records):
    centre = officer_records["centres"]["บ้านโป่ง"]
    page = new_page(**PHONE)
    log_in(page, "maesuai", demo.DEMO_PASSWORD)
    # The cash book's grouped header names each cell "group · column"; its closing balances
    # (the total row) are never folded.
    page.goto(f"/centres/{centre.pk}/books/?book=cash")
    _check(page, "cash-book")
    total = page.locator("tfoot tr").first
    assert total.locator("td[data-label='เงินสด (บาท) · คงเหลือ']").is_visible()
    assert total.locator("td[data-label='เงินฝากธนาคาร (บาท) · คงเหลือ']").is_visible()
    assert total.locator("td.fold").count() == 0
    # A report with figures, and one with none (its message a card of its own).
    page.goto("/reports/levels/")
    _check(page, "report-levels")
    assert page.locator("table tbody tr.folded").count() >= 1
    page.goto("/reports/debts/?year=2560")
    _check(page, "report-empty")
    assert page.get_by_text("ไม่มีข้อมูลในปีงบประมาณนี้").is_visible()


def test_an_answered_indicator_shows_its_choice_on_a_phone(new_page, officer_records):
    assessment = _new_assessment(officer_records)
    page = new_page(**PHONE)
    log_in(page, "maesuai", demo.DEMO_PASSWORD)
    page.goto(f"{assessment.get_absolute_url()}?area=1")
    first = page.locator("section.indicator").first
    levels = first.locator("label.criterion").count()
    # The note, reason and evidence fold under one line until they hold something.
    assert not first.locator("input[name^=note_]").is_visible()
    first.locator("details.answer-extra > summary").click()
    first.locator("input[name^=note_]").fill("ตรวจจากสมุดบัญชี")
    first.locator("label.criterion").last.click()
    page.get_by_role("button", name="บันทึกร่าง").click()
    page.wait_for_load_state("networkidle")
    first = page.locator("section.indicator").first
    # Answered before: only the chosen level shows, with a button that shows them all again.
    assert first.locator("label.criterion:visible").count() == 1
    assert first.locator("label.criterion").last.is_visible()
    assert first.locator("input[name^=note_]").is_visible()  # it holds a note: unfolded
    first.get_by_role("button", name="เปลี่ยนคำตอบ").click()
    assert first.locator("label.criterion:visible").count() == levels
