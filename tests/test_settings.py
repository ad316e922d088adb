"""Settings per environment, checked in fresh processes as an operator would start them."""

import multiprocessing
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="cddfund.settings.production",
        DATABASE_URL="postgres://x@h/db",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_database():
    result = _manage(
        "check", DJANGO_SETTINGS_MODULE="cddfund.settings.production", SECRET_KEY="k" * 60
    )
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_production_refuses_a_database_that_is_not_postgresql():
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="cddfund.settings.production",
        SECRET_KEY="k" * 60,
        DATABASE_URL="sqlite:///tmp/x.db",
    )
    assert result.returncode != 0
    assert "PostgreSQL only" in result.stderr


def test_deploy_check_reports_nothing_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cddfund.settings.production",
        SECRET_KEY="production-like-secret-" + "x7Kq2pLm9" * 5,
        DATABASE_URL="postgres://cddfund@db.example/cddfund",
        ALLOWED_HOSTS="cddfund.example",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_tests_run_on_real_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 140000


@pytest.mark.django_db
def test_sessions_leave_jit_and_parallel_workers_to_large_queries():
    """A page's query of a few thousand rows is neither compiled nor given a parallel worker:
    both cost more than the query (BENCHMARKS.md)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW parallel_setup_cost")
        assert cursor.fetchone() == ("10000",)


def test_production_keeps_the_read_replica_that_reports_use():
    probe = (
        "from django.conf import settings; from cddfund.routers import replica_reads;"
        "from reports.models import Export; from django.db import router;"
        "w = replica_reads(); w.__enter__();"
        "print(settings.DATABASES['replica']['HOST'], settings.DATABASES['default']['HOST'],"
        " router.db_for_read(Export))"
    )
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        probe,
        DJANGO_SETTINGS_MODULE="cddfund.settings.production",
        SECRET_KEY="k" * 60,
        DATABASE_URL="postgres://app@primary.internal/cddfund",
        DATABASE_REPLICA_URL="postgres://app@replica.internal/cddfund",
        ALLOWED_HOSTS="cddfund.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["replica.internal", "primary.internal", "replica"]


def test_production_prints_the_sites_own_address_in_qr_codes():
    probe = "from django.conf import settings; print(settings.SITE_URL)"
    env = {
        "DJANGO_SETTINGS_MODULE": "cddfund.settings.production",
        "SECRET_KEY": "k" * 60,
        "DATABASE_URL": "postgres://app@primary.internal/cddfund",
    }
    result = _manage("shell", "--no-imports", "-c", probe, ALLOWED_HOSTS="cddfund.example", **env)
    assert result.stdout.strip() == "https://cddfund.example"
    result = _manage("shell", "--no-imports", "-c", probe, **env)
    assert "SITE_URL must be set" in result.stderr


def _take_the_servers_lock() -> None:
    from cddfund import embedded_pg

    if not embedded_pg._lock.acquire(timeout=3):
        os._exit(1)
    os._exit(0)


def test_a_child_forked_while_a_thread_holds_the_servers_lock_can_take_it():
    """A job worker forks its capped child from a thread; had another thread been looking the
    embedded server up at that moment, the child would have waited on the lock forever."""
    from cddfund import embedded_pg

    held, release = threading.Event(), threading.Event()

    def hold():
        with embedded_pg._lock:
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    threading.Timer(0.5, release.set).start()
    child = multiprocessing.get_context("fork").Process(target=_take_the_servers_lock)
    child.start()
    child.join(10)
    holder.join(5)
    assert child.exitcode == 0
