"""Today's counts of each district's households (``debts.models.HouseholdCounts``), kept by the
household table's triggers on every write: the home page of every area reads them, live."""

import datetime
import importlib

import pytest
from django.db import connection, transaction
from django.db.models import Count, F, Sum
from django.urls import reverse

from cddfund import thai
from debts import rules
from debts.models import HOUSEHOLD_COUNTS, Household, HouseholdCounts, count_households
from debts.services.rollup import household_counts_again, household_counts_fold
from debts.tasks import fold_household_counts
from tests.factories import (
    ClassificationFactory,
    HouseholdFactory,
    OfficerFactory,
    surveyed_household,
)

pytestmark = pytest.mark.django_db

SURVEYED = "ครัวเรือนที่สำรวจหนี้แล้ว"
REACHED = "ครัวเรือนที่ถึง 1 ครัวเรือน 1 สัญญา"


def _live() -> dict:
    """Each district's counts, counted again from its households (districts with none left out)."""
    rows = (
        Household.objects.order_by()
        .values("district_id")
        .annotate(**{name: Count("id", filter=rules.q(name)) for name in HOUSEHOLD_COUNTS})
    )
    found = {row["district_id"]: tuple(row[name] for name in HOUSEHOLD_COUNTS) for row in rows}
    return {district: counts for district, counts in found.items() if any(counts)}


def _kept() -> dict:
    """Each district's counts as kept: the sums of its rows."""
    rows = (
        HouseholdCounts.objects.order_by()
        .values_list("district_id")
        .annotate(*[Sum(name) for name in HOUSEHOLD_COUNTS])
    )
    return {district: tuple(counts) for district, *counts in rows if any(counts)}


def test_the_counts_follow_every_kind_of_write(records, accounts):
    maesuai, phan = accounts["maesuai"], accounts["phan"]
    assert _kept() == _live() and _live()
    # A survey (the household inserted, then its standing updated).
    surveyed = surveyed_household(by=maesuai)
    assert _kept() == _live()
    # A classification, and one statement over many households of several districts.
    ClassificationFactory(by=phan)
    assert _kept() == _live()
    Household.objects.filter(district__in=[maesuai.district, phan.district]).update(
        active_contracts=F("active_contracts") + 1
    )
    assert _kept() == _live()
    Household.objects.filter(pk=surveyed.pk).update(debtor_class=None, active_contracts=0)
    assert _kept() == _live()
    # A household moved to another district leaves the first and joins the second.
    Household.objects.filter(pk=surveyed.pk).update(
        district_id=phan.district_id, province_id=phan.province_id
    )
    assert _kept() == _live()
    # Several households inserted by one statement, then deleted by one.
    template = Household.objects.get(pk=surveyed.pk)
    columns = [field.attname for field in Household._meta.fields]
    copies = []
    for n, officer in enumerate([maesuai, phan, phan]):
        copy = Household(**{column: getattr(template, column) for column in columns})
        copy.pk = None
        copy.head_national_id = thai.with_check_digit(f"35705998{n:04d}")
        copy.head_id_masked = thai.mask_national_id(copy.head_national_id)
        copy.district_id, copy.province_id = officer.district_id, officer.province_id
        copies.append(copy)
    Household.objects.bulk_create(copies)
    assert _kept() == _live()
    Household.objects.filter(pk__in=[c.pk for c in copies]).delete()
    assert _kept() == _live()
    # A household entered and deleted before its survey counts nowhere.
    unsurveyed = HouseholdFactory(by=maesuai)
    before = _kept()
    Household.objects.filter(pk=unsurveyed.pk).delete()
    assert _kept() == before == _live()


def test_a_write_adds_a_row_only_where_a_count_changes(records, accounts):
    district = accounts["maesuai"].district_id
    household = Household.objects.filter(
        district_id=district, baseline_on__isnull=False, active_contracts__gte=2
    ).first()
    rows = HouseholdCounts.objects.filter(district_id=district)
    before = rows.count()
    Household.objects.filter(pk=household.pk).update(outstanding=F("outstanding"))
    Household.objects.filter(pk=household.pk).update(members=F("members") + 1)
    Household.objects.filter(pk=household.pk).update(active_contracts=3)  # still not reached
    assert rows.count() == before
    Household.objects.filter(pk=household.pk).update(active_contracts=1)
    assert list(rows.order_by("-pk").values_list(*HOUSEHOLD_COUNTS)[:1]) == [(0, 1, 0)]
    assert _kept() == _live()


def test_officers_of_one_district_do_not_wait_for_each_other(areas_loaded):
    """A transaction that changed a district's counts and is still open (an import of the
    district's households) holds up no other write there: each only adds its own row."""
    import psycopg

    officer = OfficerFactory()
    first, second = surveyed_household(by=officer), surveyed_household(by=officer)
    assert first.district_id == second.district_id and first.active_contracts == 2
    reached = HouseholdCounts.objects.aggregate(n=Sum("reached"))["n"]
    with transaction.atomic():
        Household.objects.filter(pk=first.pk).update(active_contracts=0)
        with psycopg.connect(**connection.get_connection_params()) as other:
            other.execute("SET lock_timeout = '2s'")
            other.execute(
                "UPDATE debts_household SET active_contracts = 1 WHERE id = %s", [second.pk]
            )
            seen = other.execute("SELECT sum(reached) FROM debts_householdcounts").fetchone()[0]
            other.rollback()
        transaction.set_rollback(True)
    assert seen == reached + 1  # its own change, not the open one's


def test_the_job_folds_each_districts_rows_into_one(records, accounts):
    household_counts_fold()
    surveyed_household(by=accounts["maesuai"])
    surveyed_household(by=accounts["phan"])
    kept = _kept()
    assert HouseholdCounts.objects.count() > len(kept)
    assert fold_household_counts(timestamp=0) == 2
    assert fold_household_counts.name == "debts.fold_household_counts"
    assert HouseholdCounts.objects.count() == len(kept)
    assert _kept() == kept == _live()
    assert household_counts_fold() == 0


def test_the_migration_counts_the_households_already_there(records):
    migration = importlib.import_module("debts.migrations.0020_household_counts")
    live = _live()
    HouseholdCounts.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
    assert _kept() == live
    # And so does counting again, after households written with the triggers off.
    HouseholdCounts.objects.update(surveyed=0)
    assert household_counts_again() == len(live) and _kept() == live
    # The migration's count is the rules' count of today (a change of a rule it counts needs a
    # migration that counts again).
    assert count_households(("debts_household", "")) == migration.FILL


def test_every_areas_home_page_reads_the_counts_and_shows_a_survey_at_once(
    records, accounts, client_for
):
    def card(account, label=SURVEYED):
        page = client_for(account).get(reverse("home"))
        return {str(c.label): c.number for c in page.context["cards"]}[label]

    surveyed_in = Household.objects.filter(baseline_on__isnull=False)
    maesuai = accounts["maesuai"]
    for account, households in [
        ("central", surveyed_in),
        ("chiangrai", surveyed_in.filter(province_id=maesuai.province_id)),
        ("maesuai", surveyed_in.filter(district_id=maesuai.district_id)),
    ]:
        assert card(account) == f"{households.count():,}"
        assert card(account, REACHED) == f"{households.filter(rules.q('reached')).count():,}"
    # What the counts say, not a count of the households: the row of แม่สรวย edited by hand.
    household_counts_fold()
    HouseholdCounts.objects.filter(district_id=maesuai.district_id).update(surveyed=1000)
    others = surveyed_in.exclude(district_id=maesuai.district_id)
    assert card("maesuai") == "1,000"
    assert card("central") == f"{1000 + others.count():,}"
    in_province = others.filter(province_id=maesuai.province_id).count()
    assert card("chiangrai") == f"{1000 + in_province:,}"
    # A survey shows at once, in its district, its province and the country (no job to wait).
    surveyed_household(by=maesuai, surveyed_on=datetime.date(2025, 1, 5))
    assert card("maesuai") == "1,001"
    assert card("chiangrai") == f"{1001 + in_province:,}"
    assert card("central") == f"{1001 + others.count():,}"
