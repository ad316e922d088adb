"""Background work on the job queue (cddfund/queue.py): exports and imports as Procrastinate jobs
run by a real worker, retried after a passing error, recovered from a worker that died, and
never left "running"."""

import asyncio
import datetime
from types import SimpleNamespace

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.retry import RetryStrategy

from cddfund import tasks
from cddfund.periods import Period
from cddfund.queue import TRANSIENT
from reports import exports
from reports.models import Export, ExportStatus
from reports.tasks import keep_period_figures
from tests.factories import OfficerFactory


def _central():
    return OfficerFactory(role="central", district=None, province=None)


def _export(client, user) -> Export:
    client.force_login(user)
    client.post(reverse("export_start", args=["levels"]) + "?year=2568", {"extension": "xlsx"})
    return Export.objects.get(user=user)


def _due_now():
    """Retries wait a few seconds: make every waiting job due now."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE status = 'todo'")


def test_an_export_is_queued_with_its_record_and_a_worker_finishes_it(client, run_jobs):
    export = _export(client, _central())
    job = ProcrastinateJob.objects.get(task_name="reports.export_build")
    assert (job.args, job.status, job.queue_name) == ({"export_id": export.pk}, "todo", "exports")
    run_jobs()
    export.refresh_from_db()
    assert (export.status, export.progress, export.error) == (ExportStatus.DONE, 100, "")
    assert export.file.size > 0
    assert export.file.name == f"exports/{export.pk}-levels-2568.xlsx"
    assert ProcrastinateJob.objects.get(pk=job.pk).status == "succeeded"


def test_a_passing_error_is_tried_again_and_the_export_ends_done(client, run_jobs, monkeypatch):
    export = _export(client, _central())
    real, calls = exports.export_write, []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(exports, "export_write", flaky)
    run_jobs()
    export.refresh_from_db()
    # Between the two attempts the page says, in Thai, that it is being tried again.
    assert (export.status, export.error) == (ExportStatus.QUEUED, str(exports.RETRYING))
    _due_now()
    run_jobs()
    export.refresh_from_db()
    assert (export.status, len(calls)) == (ExportStatus.DONE, 2)


def test_an_export_that_fails_for_good_says_why_in_thai_and_is_not_left_running(
    client, run_jobs, monkeypatch
):
    export = _export(client, _central())

    def broken(**kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(exports, "export_write", broken)
    run_jobs()
    export.refresh_from_db()
    assert (export.status, export.error) == (ExportStatus.FAILED, str(exports.FAILED))
    assert export.finished_at is not None
    page = client.get(export.get_absolute_url()).content.decode()
    assert str(exports.FAILED) in page
    assert ProcrastinateJob.objects.get(task_name="reports.export_build").status == "failed"


def test_the_job_of_a_worker_that_died_is_run_again_by_another(client, run_jobs):
    export = _export(client, _central())
    # A worker took the job, then died (SIGKILL, out of memory): its heartbeat stopped.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (%s) RETURNING id",
            [datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)],
        )
        worker_id = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s", [worker_id]
        )
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, progress=40)
    # The job is "doing": an exports worker does not take it by itself (the upkeep, on the
    # default queue, is what puts it back; left out of this run so that it runs only below).
    run_jobs(queues=["exports"])
    assert Export.objects.get(pk=export.pk).status == ExportStatus.RUNNING

    async def upkeep():  # what any live worker runs every 15 seconds
        async with app.open_async():
            return await tasks.retry_stalled_jobs.func(SimpleNamespace(app=app), timestamp=0)

    with app.replace_connector(app.connector.get_worker_connector()):
        retried = asyncio.run(upkeep())
    assert retried == 1
    run_jobs()
    export.refresh_from_db()
    assert (export.status, export.progress) == (ExportStatus.DONE, 100)


@pytest.mark.django_db
def test_a_finished_export_run_again_does_nothing():
    export = Export.objects.create(
        user=_central(), report="levels", fiscal_year=2568, extension="pdf",
        status=ExportStatus.DONE, progress=100, file="exports/kept.pdf",
    )  # fmt: skip
    exports.export_run(export.pk)
    export.refresh_from_db()
    assert (export.status, export.file.name) == (ExportStatus.DONE, "exports/kept.pdf")


def test_an_imports_check_runs_on_a_worker_in_its_capped_child(client, run_jobs, areas_loaded):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports.models import ImportJob, ImportStatus
    from tests.test_imports import fixture_workbook

    officer = OfficerFactory()
    client.force_login(officer)
    upload = SimpleUploadedFile("registers.xlsx", fixture_workbook())
    client.post(reverse("import_upload"), {"file": upload})
    job = ImportJob.objects.get(user=officer)
    run_jobs()  # the worker forks the memory-capped child that reads the workbook
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.error) == (ImportStatus.CHECKED, 12, "")


# --- closing a period: the lock only while closing, the figures kept by the request or a worker --


def _last_year() -> Period:
    return Period(Period.current().fiscal_year - 1)


def test_the_closing_lock_is_not_held_while_the_figures_are_kept(areas_loaded, monkeypatch):
    """Closing is committed under the closing lock; the figures are counted after it, while
    guarded writes of the country go on (they had waited for the whole count: 54 s at ten times
    the country)."""
    import psycopg

    from cddfund.closing import LOCK_KEY
    from reports import data, snapshots
    from reports.models import Snapshot
    from reports.services import period_close, period_keep

    free = []
    counted = data.kept

    def kept(slug, user, period):
        # Another session takes the lock as a guarded write does, and does not wait.
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
            taken = other.execute("SELECT pg_try_advisory_lock_shared(%s)", [LOCK_KEY]).fetchone()
            free.append(taken[0])
            other.execute("SELECT pg_advisory_unlock_shared(%s)", [LOCK_KEY])
        return counted(slug, user, period)

    monkeypatch.setattr(data, "kept", kept)
    period = _last_year()
    closed = period_close(by=_central(), period=period)
    period_keep(closed)
    assert free and all(free)
    assert Snapshot.objects.filter(closing=closed).count() == len(snapshots.KEPT[period.round])


def test_a_worker_keeps_the_figures_of_a_closing(client, run_jobs, monkeypatch):
    """The closing request only closes; a worker keeps the figures (a minute at ten times the
    country's size: longer than a request may take), tried again when the database gives way."""
    from cddfund import services as core_services
    from cddfund.models import PeriodClosing
    from cddfund.periods import FIRST_ROUND
    from reports import data, services, snapshots
    from reports.models import Snapshot

    period, central = _last_year(), _central()
    counted, refusals = data.kept, []

    def kept(slug, user, period):  # the first count meets a statement time-out
        if not refusals:
            refusals.append(slug)
            raise OperationalError("canceling statement due to statement timeout")
        return counted(slug, user, period)

    monkeypatch.setattr(data, "kept", kept)
    # Tried again in an hour, not in 3 s: a slow machine's worker would otherwise run it again
    # before it stops (``_due_now`` below makes it due).
    strategy = RetryStrategy(
        max_attempts=TRANSIENT.max_attempts,
        wait=3600,
        retry_exceptions=TRANSIENT.retry_exceptions,
    )
    monkeypatch.setattr(keep_period_figures, "retry_strategy", strategy)
    closed = services.period_close(by=central, period=period)
    assert not Snapshot.objects.filter(closing=closed).exists()
    client.force_login(central)
    keeping = "กำลังบันทึกตัวเลขของงวด"
    assert keeping in client.get(reverse("period_list")).content.decode()
    job = ProcrastinateJob.objects.get(task_name="reports.keep_period_figures")
    assert job.args == {"closing_id": closed.pk} and job.status == "todo"
    run_jobs()
    assert refusals and ProcrastinateJob.objects.get(pk=job.pk).status == "todo"  # tried again
    _due_now()
    run_jobs()
    assert ProcrastinateJob.objects.get(pk=job.pk).status == "succeeded"
    assert Snapshot.objects.filter(closing=closed).count() == len(snapshots.KEPT[period.round])
    assert keeping not in client.get(reverse("period_list")).content.decode()
    # Kept once: a second run keeps only what is missing.
    assert services.period_keep(closed) == 0
    # A closing reopened before its figures were kept keeps none.
    first = Period(period.fiscal_year, FIRST_ROUND)
    services.period_close(by=central, period=first)
    core_services.period_unlock(by=central, period=first, reason="ข้อมูลของอำเภอยังไม่ครบ")
    reopened = PeriodClosing.objects.get(fiscal_year=first.fiscal_year, round=first.round)
    run_jobs()
    assert not Snapshot.objects.filter(closing=reopened).exists()


def test_the_sweep_keeps_the_figures_of_a_closing_whose_job_failed_for_good(client, run_jobs):
    from procrastinate.contrib.django import app as queue_app

    from reports import services, snapshots
    from reports.models import Snapshot
    from reports.tasks import keep_figures_sweep

    period, central = _last_year(), _central()
    closed = services.period_close(by=central, period=period)
    ProcrastinateJob.objects.filter(task_name="reports.keep_period_figures").update(status="failed")
    client.force_login(central)
    assert "กำลังบันทึกตัวเลขของงวด" in client.get(reverse("period_list")).content.decode()
    periodic = {name for name, _id in queue_app.periodic_registry.periodic_tasks}
    assert "reports.keep_figures_sweep" in periodic  # run every ten minutes by any worker
    assert keep_figures_sweep(timestamp=0) == len(snapshots.KEPT[period.round])
    assert Snapshot.objects.filter(closing=closed).count() == len(snapshots.KEPT[period.round])
    assert "กำลังบันทึกตัวเลขของงวด" not in client.get(reverse("period_list")).content.decode()
    assert keep_figures_sweep(timestamp=0) == 0  # nothing left
