"""Personas, areas and the browser for the whole suite.

The official areas are loaded once per test database (session fixture); tests run inside a
transaction that rolls back. Browser tests need a live server and a transactional database,
which is flushed after each of them, so they run last and reload the areas they need.
"""

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
