"""Personas, areas and the browser for the whole suite.

The official areas are loaded once per test database (session fixture); tests run inside a
transaction that rolls back. Browser tests need a live server and a transactional database,
which is flushed after each of them, so they run last and reload the areas they need.
"""

import contextlib

import pytest
from django.test import Client

from assessments.sets import ensure_default
from cddfund import demo
from cddfund.areas import load_areas
from cddfund.models import Province


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if not Province.objects.exists():
            load_areas()
        ensure_default()


@pytest.fixture
def areas_loaded(transactional_db):
    """For tests on a transactional database, which is emptied after each such test."""
    if not Province.objects.exists():
        load_areas()
    ensure_default()


@pytest.fixture
def accounts(db):
    """Demo accounts: admin, central, chiangrai, phayao, maesuai, phan, pong, chiangmuan."""
    return demo.seed_accounts()


@pytest.fixture
def villages(accounts):
    """บ้านโป่ง (แม่สรวย), บ้านป่าเปา (พาน), บ้านห้วยสิงห์ (ปง), บ้านหนองหมู (เชียงม่วน)."""
    return demo.seed_villages(accounts)


@pytest.fixture
def centres(accounts, villages):
    """The four demo centres, keyed by village name, with all their registers."""
    from institutes import demo as institutes_demo

    context = {"accounts": accounts, "villages": villages}
    institutes_demo.seed(context)
    return context["centres"]


@pytest.fixture
def books(accounts, centres):
    """A year of the demo centres' own books: cash banked, loans to groups and repayments,
    income and expenses, a bank statement, members' deposits in models 2 and 4."""
    from institutes import demo as institutes_demo

    institutes_demo.seed_books({"accounts": accounts, "centres": centres})
    return centres


@pytest.fixture
def households(accounts, villages, centres):
    """The demo households of each centre, at every stage of debt management."""
    from debts import demo as debts_demo

    debts_demo.seed({"accounts": accounts, "villages": villages, "centres": centres})
    from debts.models import Household

    return Household.objects.all()


@pytest.fixture
def client_for(accounts):
    """``client_for("maesuai")`` → a test client logged in as that persona."""

    def make(username):
        client = Client()
        client.force_login(accounts[username])
        return client

    return make


def _empty_queue() -> None:
    """The queue's tables are Procrastinate's own (unmanaged models): the flush after a
    transactional test leaves them, so a test that runs jobs starts from an empty queue."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE procrastinate_jobs, procrastinate_workers, procrastinate_periodic_defers "
            "RESTART IDENTITY CASCADE"
        )


@pytest.fixture
def run_jobs(transactional_db):
    """``run_jobs()`` runs every job due in the queue with a real worker, then returns (the test
    database is committed: the worker's threads have connections of their own);
    ``run_jobs(queues=[...])`` only the jobs of those queues."""
    from procrastinate.contrib.django import app

    _empty_queue()

    def run(**options):
        # Workers connect as in production (psycopg 3); the page side keeps Django's connection.
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(
                wait=False, install_signal_handlers=False, listen_notify=False, **options
            )

    return run


@pytest.fixture
def job_worker(live_server):
    """A worker taking jobs while a browser test runs against the live server."""
    import asyncio
    import threading
    import warnings

    from procrastinate.contrib.django import app

    _empty_queue()
    loop = asyncio.new_event_loop()
    # The pages keep deferring through Django's connection (in their transactions) while this
    # worker uses a connector of its own: a second app over the same tasks.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        worker_app = app.with_connector(app.connector.get_worker_connector())

    async def work():
        async with worker_app.open_async():
            await worker_app.run_worker_async(
                install_signal_handlers=False, listen_notify=False, fetch_job_polling_interval=0.2
            )

    def run():
        asyncio.set_event_loop(loop)
        task = loop.create_task(work())
        with contextlib.suppress(asyncio.CancelledError):
            loop.run_until_complete(task)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield
    loop.call_soon_threadsafe(lambda: [t.cancel() for t in asyncio.all_tasks(loop)])
    thread.join(30)
