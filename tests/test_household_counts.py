"""Today's counts of each district's households (``debts.models.HouseholdCounts``), kept by the
household table's triggers on every write: the home page of every area reads them, live."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.models import Count, F
from django.urls import reverse

from cddfund import thai
from debts import rules
from debts.models import HOUSEHOLD_COUNTS, Household, HouseholdCounts, count_households
from debts.services.rollup import household_counts_again
from tests.factories import ClassificationFactory, HouseholdFactory, surveyed_household

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
    rows = HouseholdCounts.objects.values_list("district_id", *HOUSEHOLD_COUNTS)
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


def test_a_write_that_changes_no_count_leaves_the_counts_row_alone(records, accounts):
    """No lock on the district's row for a repayment that leaves the counts as they were: two
    officers of one district writing at once do not wait on each other."""
    district = accounts["maesuai"].district_id
    household = Household.objects.filter(
        district_id=district, baseline_on__isnull=False, active_contracts__gte=2
    ).first()

    def version():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ctid::text FROM debts_householdcounts WHERE district_id = %s", [district]
            )
            return cursor.fetchone()[0]

    before = version()
    Household.objects.filter(pk=household.pk).update(outstanding=F("outstanding"))
    Household.objects.filter(pk=household.pk).update(members=F("members") + 1)
    assert version() == before
    Household.objects.filter(pk=household.pk).update(active_contracts=3)
    assert version() == before  # still more than one contract: not reached
    Household.objects.filter(pk=household.pk).update(active_contracts=1)
    assert version() != before


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
