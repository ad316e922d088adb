"""Health endpoints for a load balancer: no log-in, no data, whatever the Host header."""

import pytest
from django.db import OperationalError, connections
from django.test import override_settings
from django.urls import reverse

from cddfund import health
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


@override_settings(ALLOWED_HOSTS=["cddfund.example"], SECURE_SSL_REDIRECT=True)
def test_the_process_and_its_readiness_answer_a_balancer_without_log_in(client):
    # A balancer calls by the machine's address over plain HTTP: neither is refused here.
    alive = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert (alive.status_code, alive.json()) == (200, {"status": "ok"})
    ready = client.get("/readyz", HTTP_HOST="10.0.0.7:8000")
    assert (ready.status_code, ready.json()) == (200, {"database": "ok", "queue": "ok"})
    assert ready["Cache-Control"] == "no-store"
    assert "sessionid" not in ready.cookies


def test_not_ready_when_the_queue_is_unreachable(client, monkeypatch):
    monkeypatch.setattr(health, "QUEUE_PROBE", "SELECT 1 FROM no_such_queue_table")
    ready = client.get("/readyz")
    assert (ready.status_code, ready.json()) == (503, {"database": "ok", "queue": "unreachable"})


def test_not_ready_when_the_database_is_unreachable(client, monkeypatch):
    def refused(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refused)
    ready = client.get("/readyz")
    assert (ready.status_code, ready.json()) == (503, {"database": "unreachable", "queue": "-"})


TRY_AGAIN = "กรุณารอสักครู่ ตรวจสอบแล้วลองใหม่อีกครั้ง"


def restarting(*args, **kwargs):
    raise OperationalError("terminating connection due to administrator command")


def assert_try_again(response):
    assert (response.status_code, response["Retry-After"]) == (503, "10")
    assert TRY_AGAIN in response.content.decode()


@pytest.fixture
def browser(client):
    client.force_login(OfficerFactory())
    client.raise_request_exception = False  # as a browser sees it: the error page, no traceback
    return client


def test_a_database_that_is_restarting_gets_the_thai_try_again_page(browser, monkeypatch):
    from cddfund import views

    monkeypatch.setattr(views.selectors, "village_list", restarting)
    assert_try_again(browser.get(reverse("village_list")))


def test_the_try_again_page_when_the_database_fails_before_the_view(browser, monkeypatch):
    # A write's audit context loads the user in a middleware, before any view runs.
    monkeypatch.setattr("django.contrib.auth.get_user", restarting)
    assert_try_again(browser.post(reverse("village_create"), {}))


@override_settings(SESSION_SAVE_EVERY_REQUEST=True)
def test_the_try_again_page_when_the_database_fails_after_the_view(browser, monkeypatch):
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.save", restarting)
    assert_try_again(browser.get(reverse("village_list")))


def test_the_try_again_page_when_the_job_queue_cannot_reach_the_database(browser, monkeypatch):
    from procrastinate.exceptions import ConnectorException

    from cddfund import views

    def queue_down(*args, **kwargs):
        try:
            restarting()
        except OperationalError as error:
            raise ConnectorException() from error

    monkeypatch.setattr(views.selectors, "village_list", queue_down)
    assert_try_again(browser.get(reverse("village_list")))


def test_any_other_error_gets_the_error_page(browser, monkeypatch):
    from cddfund import views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views.selectors, "village_list", broken)
    response = browser.get(reverse("village_list"))
    assert response.status_code == 500
    assert "ระบบขัดข้องชั่วคราว" in response.content.decode()
    assert "Retry-After" not in response
