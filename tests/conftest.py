"""Personas, areas and the browser for the whole suite.

The official areas are loaded once per test database (session fixture), the demo records once
per module (``_World``); each test runs inside a transaction that rolls back. Browser tests
need a live server and a transactional database, which is flushed after each of them, so they
run last and reload the areas they need.
"""

import contextlib
import copy

import pytest
from django.db import transaction
from django.test import Client

from assessments.sets import ensure_default
from cddfund import demo
from cddfund.areas import load_areas
from cddfund.models import Province


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


# The demo's layers, each on top of the ones before it. A module's tests run in the order of
# the deepest layer they ask for (after the tests that ask for none), so that each layer is
# seeded once per module, when the first test needs it, and a test sees no layer it did not ask
# for (the books, last, stand on whatever the module's other tests asked for).
LAYERS = ("accounts", "villages", "centres", "households", "records", "books")


def _transactional(item) -> bool:
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    flags = marker.kwargs if marker else {}
    return (
        "transactional_db" in names
        or "live_server" in names
        or bool(flags.get("transaction") or flags.get("reset_sequences"))
    )


def _depth(item) -> int:
    names = getattr(item, "fixturenames", ())
    return max((i + 1 for i, layer in enumerate(LAYERS) if layer in names), default=0)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    modules = {}
    for item in items:
        modules.setdefault(item.module, len(modules))
    # Browser tests last; pytest-django's order (transactional tests after the others) kept.
    items.sort(
        key=lambda item: (
            item.get_closest_marker("browser") is not None,
            _transactional(item),
            modules[item.module],
            _depth(item),
        )
    )


class _World:
    """The demo records of one module, in a transaction rolled back at the module's end: each
    test runs in a savepoint of it (as Django's ``setUpTestData``) and gets its own copy of the
    records. Transactional tests (run after all the others) seed what they ask for themselves:
    the world is closed before the first of them."""

    current = None

    def __init__(self, blocker):
        self.blocker = blocker
        self.context: dict = {}
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
        self.open = True
        _World.current = self

    def seed(self, function):
        if self.open:
            with self.blocker.unblock():
                function(self.context)

    def close(self):
        if self.open:
            self.open = False
            with self.blocker.unblock():
                transaction.set_rollback(True)
                self.atomic.__exit__(None, None, None)
        _World.current = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _World.current is not None and _transactional(item):
        _World.current.close()


@pytest.fixture(scope="module")
def _world(request, django_db_setup, django_db_blocker):
    if _transactional(request._pyfuncitem):
        yield None
        return
    world = _World(django_db_blocker)
    yield world
    world.close()


def _institutes_demo():
    from institutes import demo as institutes_demo

    return institutes_demo


def _debts_demo():
    from debts import demo as debts_demo

    return debts_demo


def _assessments_demo():
    from assessments import demo as assessments_demo

    return assessments_demo


@pytest.fixture(scope="module")
def _world_accounts(_world):
    if _world is not None:
        _world.seed(lambda context: context.update(accounts=demo.seed_accounts()))
    return _world


@pytest.fixture(scope="module")
def _world_villages(_world_accounts):
    if _world_accounts is not None:
        _world_accounts.seed(
            lambda context: context.update(villages=demo.seed_villages(context["accounts"]))
        )
    return _world_accounts


@pytest.fixture(scope="module")
def _world_centres(_world_villages):
    if _world_villages is not None:
        _world_villages.seed(_institutes_demo().seed)
    return _world_villages


@pytest.fixture(scope="module")
def _world_households(_world_centres):
    if _world_centres is not None:
        _world_centres.seed(_debts_demo().seed)
    return _world_centres


@pytest.fixture(scope="module")
def _world_records(_world_households):
    if _world_households is not None:
        _world_households.seed(_assessments_demo().seed)
    return _world_households


@pytest.fixture(scope="module")
def _world_books(_world_centres):
    if _world_centres is not None:
        _world_centres.seed(_institutes_demo().seed_books)
    return _world_centres


def _seeded(world) -> bool:
    """True when the module's world holds the layers: the test only copies them."""
    return world is not None and world.open


@pytest.fixture
def accounts(_world_accounts, db):
    """Demo accounts: admin, central, chiangrai, phayao, maesuai, phan, pong, chiangmuan."""
    if _seeded(_world_accounts):
        return copy.deepcopy(_world_accounts.context["accounts"])
    return demo.seed_accounts()


@pytest.fixture
def villages(_world_villages, accounts):
    """บ้านโป่ง (แม่สรวย), บ้านป่าเปา (พาน), บ้านห้วยสิงห์ (ปง), บ้านหนองหมู (เชียงม่วน)."""
    if _seeded(_world_villages):
        return copy.deepcopy(_world_villages.context["villages"])
    return demo.seed_villages(accounts)


@pytest.fixture
def centres(_world_centres, accounts, villages):
    """The four demo centres, keyed by village name, with all their registers."""
    if _seeded(_world_centres):
        return copy.deepcopy(_world_centres.context["centres"])
    context = {"accounts": accounts, "villages": villages}
    _institutes_demo().seed(context)
    return context["centres"]


@pytest.fixture
def households(_world_households, accounts, villages, centres):
    """The demo households of each centre, at every stage of debt management."""
    from debts.models import Household

    if not _seeded(_world_households):
        _debts_demo().seed({"accounts": accounts, "villages": villages, "centres": centres})
    return Household.objects.all()


@pytest.fixture
def records(_world_records, accounts, centres, households):
    """The demo's assessments on top of its households, in every workflow state."""
    if not _seeded(_world_records):
        _assessments_demo().seed({"accounts": accounts, "centres": centres})


@pytest.fixture
def books(_world_books, accounts, centres):
    """A year of the demo centres' own books: cash banked, loans to groups and repayments,
    income and expenses, a bank statement, members' deposits in models 2 and 4."""
    if not _seeded(_world_books):
        _institutes_demo().seed_books({"accounts": accounts, "centres": centres})
    return centres


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
