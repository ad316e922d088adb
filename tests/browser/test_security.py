"""Journeys through the security rules in a real browser (with the site's Content Security
Policy in force)."""

import pytest

from cddfund import demo, thai
from debts import demo as debts_demo
from debts.models import Household
from institutes import demo as institutes_demo
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def households(areas_loaded):
    context = {}
    demo.seed(context)
    institutes_demo.seed(context)
    debts_demo.seed(context)
    return Household.objects.all()


def test_a_whole_id_typed_into_the_search_box_finds_the_household_without_a_url_holding_it(
    new_page, households
):
    household = households.filter(province_id="57").first()
    page = new_page()
    log_in(page, "chiangrai", demo.DEMO_PASSWORD)
    visited = []
    page.on("request", lambda request: visited.append(request.url))
    page.goto("/households/")
    page.locator("#id_q").fill(thai.format_national_id(household.head_national_id))
    page.locator("form.filter-bar[role=search] button[type=submit]").click()
    page.wait_for_url(f"**{household.get_absolute_url()}")
    assert household.head_name in page.content()
    assert "xxxxx" in page.locator(".lead").inner_text()  # masked for provincial staff
    digits = household.head_national_id
    assert not any(digits in url or digits[-5:] in url for url in visited)


def test_a_locked_out_name_is_told_to_wait_in_thai(new_page, areas_loaded):
    demo.seed({})
    page = new_page()
    for _ in range(5):
        log_in(page, "maesuai", "wrong-password")
    log_in(page, "maesuai", demo.DEMO_PASSWORD)
    assert "กรุณารอ 15 นาที" in page.locator("[role=alert]").first.inner_text()
