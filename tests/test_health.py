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


def test_a_database_that_is_restarting_gets_the_thai_try_again_page(client, monkeypatch):
    from cddfund import views

    officer = OfficerFactory()
    client.force_login(officer)

    def restarting(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(views.selectors, "village_list", restarting)
    response = client.get(reverse("village_list"))
    assert (response.status_code, response["Retry-After"]) == (503, "10")
    assert "กรุณารอสักครู่ ตรวจสอบแล้วลองใหม่อีกครั้ง" in response.content.decode()
