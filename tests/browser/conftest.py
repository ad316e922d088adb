"""Playwright driving the system Chromium against pytest-django's live server.

Chromium cannot be downloaded here; `.ci/run` installs Debian's package. Without it these tests
are skipped, unless CDDFUND_REQUIRE_BROWSER is set (as CI does), when its absence fails the run.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright runs an event loop in this thread; Django's ORM calls from the test are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    if executable is None:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CDDFUND_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_report = report
    return report


@pytest.fixture
def new_page(browser, live_server, areas_loaded, request):
    """``new_page(width=360)`` → a page on the live server; a screenshot is kept on failure."""
    contexts = []

    def make(width=1280, height=900):
        context = browser.new_context(
            base_url=live_server.url, locale="th-TH", viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    report = getattr(request.node, "call_report", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                page.screenshot(
                    path=str(ARTIFACTS / f"{request.node.name}-{i}-{j}.png"), full_page=True
                )
    for context in contexts:
        context.close()


def log_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/")


@pytest.fixture
def demo_records(areas_loaded):
    """The demo's accounts, villages, centres and assessments (no households)."""
    from assessments import demo as assessments_demo
    from cddfund import demo
    from institutes import demo as institutes_demo

    context = {}
    demo.seed(context)
    institutes_demo.seed(context)
    assessments_demo.seed(context)
    return context


@pytest.fixture
def demo_households(areas_loaded):
    """The demo's accounts, villages, centres and households with their debt-management
    programme (plans, courses, support, visits)."""
    from cddfund import demo
    from debts import demo as debts_demo
    from institutes import demo as institutes_demo

    context = {}
    demo.seed(context)
    institutes_demo.seed(context)
    debts_demo.seed(context)
    return context
