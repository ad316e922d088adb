"""seed_national: a consistent synthetic country, and the refusal to mix it with real records."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Sum, Value
from django.utils import timezone

from assessments.models import Assessment
from cddfund.bulk import CopyWriter
from cddfund.models import User
from debts.models import (
    Household,
    HouseholdCounts,
    Loan,
    LoanMovement,
    SurveyLine,
    TargetHousehold,
)
from institutes.models import Account, Centre, GroupLoan, JournalEntry, JournalLine
from institutes.selectors import books as book_selectors
from scale.national import DEFAULT_FISCAL_YEAR

pytestmark = pytest.mark.django_db


def test_a_small_country_is_consistent_and_not_written_twice(capsys):
    call_command("seed_national", scale=0.002, seed=7)
    assert Centre.objects.count() == 6
    assert Household.objects.count() == 2000
    assert Loan.objects.count() >= 4500
    # Every household's standing is the sum of its active village loans.
    for household in Household.objects.order_by("id")[:300]:
        active = household.loans.filter(status="active", creditor_group__isnull=False)
        assert household.outstanding == (active.aggregate(s=Sum("outstanding"))["s"] or 0)
        assert household.active_contracts == active.filter(outstanding__gt=0).count()
    # A loan's outstanding is its surveyed amount plus its movements; closed means paid.
    for loan in Loan.objects.order_by("id")[:600]:
        surveyed = SurveyLine.objects.filter(loan=loan).first()
        moved = LoanMovement.objects.filter(loan=loan).aggregate(s=Sum("amount"))["s"] or 0
        assert loan.outstanding == (surveyed.outstanding if surveyed else 0) + moved
        assert (loan.status == "closed") == (loan.outstanding == Decimal(0))
    other_village = Loan.objects.filter(creditor_group__isnull=False).exclude(
        creditor_group__village=F("household__village")
    )
    assert not other_village.exists()
    assert set(Assessment.objects.values_list("state", flat=True)) == {
        "draft",
        "submitted",
        "returned",
        "approved",
    }
    # Every level is reached, some targets are followed in two years, central office can log in.
    assert set(Assessment.objects.values_list("level__level", flat=True)) >= {1, 2, 3}
    twice = TargetHousehold.objects.values("household").annotate(n=Count("id")).filter(n__gt=1)
    assert twice.exists()
    assert User.objects.filter(role="central", is_active=True).exists()
    # The households' counts the triggers would have kept (written with them off).
    surveyed = Household.objects.filter(baseline_on__isnull=False).count()
    assert HouseholdCounts.objects.aggregate(n=Sum("surveyed"))["n"] == surveyed > 0
    _books_are_consistent()
    _programme_is_consistent()
    _support_follows_its_records()
    with pytest.raises(CommandError, match="already holds"):
        call_command("seed_national", scale=0.002)


def _support_follows_its_records():
    """A target household's life plan, accounts and training flags stand for records of them;
    households are classified in their centre's classes; each centre's plan of last year was
    approved at one of its board meetings of that year."""
    from debts.models import DebtPlan, TargetHousehold, TrainingAttendance
    from debts.services.programme import approval_window

    assert not Household.objects.filter(baseline_on__isnull=False, debtor_class__isnull=True)
    assert not Household.objects.exclude(debtor_class__centre=F("centre")).exists()
    last = DEFAULT_FISCAL_YEAR - 1
    plans = DebtPlan.objects.filter(fiscal_year=last).select_related("approved_at")
    assert plans.count() == Centre.objects.count()
    start, end = approval_window(last)
    for plan in plans:
        meeting = plan.approved_at
        assert meeting.centre_id == plan.centre_id and meeting.kind == "board"
        assert start <= meeting.held_on <= end and plan.options.count() == 6
    full = TrainingAttendance.objects.filter(days_attended=F("course__days"))
    trained = TargetHousehold.objects.filter(trained_on__isnull=False)
    assert trained.exists()
    assert set(trained.values_list("id", flat=True)) == set(full.values_list("target", flat=True))
    targets = TargetHousehold.objects.all()
    assert not targets.exclude(centre=F("household__centre")).exists()
    assert targets.filter(has_life_plan=True).exists()
    assert targets.filter(keeps_accounts=True).exists()
    assert not targets.filter(has_life_plan=True, life_plan__isnull=True).exists()
    assert not targets.filter(has_life_plan=False, life_plan__isnull=False).exists()
    assert not targets.filter(keeps_accounts=True, account_months__isnull=True).exists()
    assert not targets.filter(keeps_accounts=False, account_months__isnull=False).exists()


def _programme_is_consistent():
    """Every savings group has its level in both years; each province chooses at most 10 groups a
    year, each at level 3 that year; last year's held their forum in the third quarter and were
    assessed with both instruments, each one sent with a plan for every indicator not passed."""
    from assessments import services as assessment_services
    from institutes.models import GroupLevel, SsgSelection, VillageGroup
    from institutes.services.savings import third_quarter

    groups = VillageGroup.objects.filter(group_type="savings")
    assert groups.count() == 60  # 30,000 at scale 1
    current = DEFAULT_FISCAL_YEAR
    last = current - 1
    for year in (last, current):
        assert GroupLevel.objects.filter(fiscal_year=year).count() == groups.count()
        chosen = SsgSelection.objects.filter(fiscal_year=year)
        assert chosen.exists()
        assert not chosen.exclude(group__levels__fiscal_year=year, group__levels__level=3).exists()
        per_province = chosen.values("province").annotate(n=Count("id"))
        assert max(p["n"] for p in per_province) <= 10
    start, end = third_quarter(last)
    for selection in SsgSelection.objects.filter(fiscal_year=last).select_related("forum"):
        assert start <= selection.forum.held_on <= end
        sent = selection.assessments.exclude(state="draft")
        assert sorted(sent.values_list("instrument", flat=True)) == ["governance", "ssg"]
        for assessment in sent:
            assert assessment_services.plan_missing(assessment) == []
            answered = sum(
                a.criterion.points for a in assessment.answers.select_related("criterion")
            )
            assert answered == assessment.score


def _books_are_consistent():
    """Every entry balances on accounts of its own centre, cash and the bank never go below zero
    at the end of any day, loans are never repaid beyond their amount, and the books agree with
    the registers: the only differences are the bank statements typed in wrong."""
    centres = list(Centre.objects.filter(journal_entries__isnull=False).distinct())
    assert centres
    unbalanced = (
        JournalEntry.objects.annotate(d=Sum("lines__debit"), c=Sum("lines__credit"))
        .exclude(d=F("c"))
        .exists()
    )
    assert not unbalanced
    assert not JournalLine.objects.exclude(account__centre_id=F("entry__centre_id")).exists()
    for centre in centres:
        months = centre.journal_entries.filter(source="manual").dates("entry_on", "month")
        assert len(months) == 12
        per_month = centre.journal_entries.count() / 12
        assert 25 <= per_month <= 40
        money = Account.objects.filter(centre=centre, role__in=["cash", "bank"])
        for account in money:
            running = Decimal(0)
            days = (
                JournalLine.objects.filter(account=account)
                .values("entry__entry_on")
                .annotate(net=Sum("debit") - Sum("credit"))
                .order_by("entry__entry_on")
            )
            for day in days:
                running += day["net"]
                assert running >= 0, (account, day)
        for loan in GroupLoan.objects.filter(centre=centre):
            repaid = loan.repayments.aggregate(s=Sum("principal"))["s"] or 0
            assert 0 <= repaid <= loan.amount
    differences = book_selectors.reconciliation([c.pk for c in centres])
    for found in differences.values():
        assert [d.tab for d in found] == ["centre_books"], found


def _fingerprint() -> list:
    """What a seed wrote, without its ids: households, targets, assessments, books, visits."""
    from debts.models import FollowUpVisit
    from institutes.models import JournalEntry

    return [
        list(Household.objects.order_by("id").values_list(
            "head_name", "baseline_on", "outstanding", "enrolled_on"
        )),
        list(TargetHousehold.objects.order_by("id").values_list("fiscal_year", "enrolled_on")),
        list(Assessment.objects.order_by("id").values_list("fiscal_year", "state", "score")),
        list(JournalEntry.objects.order_by("id").values_list("entry_on", "description")),
        list(FollowUpVisit.objects.order_by("id").values_list("visited_on")),
        list(LoanMovement.objects.order_by("id").values_list("amount")),
    ]  # fmt: skip


def test_a_seed_gives_the_same_rows_whatever_the_day():
    from unittest import mock

    from django.db import transaction

    prints = []
    for day in ("2026-12-05", "2027-08-20"):
        moment = timezone.make_aware(timezone.datetime.fromisoformat(f"{day}T10:00:00"))
        with mock.patch("django.utils.timezone.now", return_value=moment), transaction.atomic():
            call_command("seed_national", scale=0.001, seed=11, fiscal_year=2569, force=True)
            prints.append(_fingerprint())
            transaction.set_rollback(True)
    assert prints[0][0] and prints[0] == prints[1]


def test_a_bulk_row_without_a_field_its_model_requires_is_refused():
    """The seeder's writers take their columns from the models: a field added to a model that a
    form would require cannot be left out of the synthetic rows."""
    writer = CopyWriter(Household)
    with pytest.raises(ValueError, match="head_id_masked"):
        writer.add(id=1, province_id="10", district_id="1001", centre_id=1, village_id=1)
    with pytest.raises(TypeError, match="no field colour"):
        writer.add(colour="red")
    # A field left out takes what the ORM would give it: its default, NULL or an empty string.
    row = CopyWriter(Loan).add(
        id=1, province_id="10", district_id="1001", household_id=1, contract_no="1",
        borrower="x", contract_date="2025-01-01", opened_on="2025-01-01", principal=1,
        outstanding=1, interest_rate=0, term_months=12, months_in_arrears=0,
    )  # fmt: skip
    assert row["creditor_group_id"] is None and row["external_name"] == ""
    assert row["status"] == Loan._meta.get_field("status").default


def _indexes_read(plan: dict, table: str, prefix: str = "") -> set[str]:
    """The ways ``plan`` reads ``table``: an index's name (which begins with ``prefix``, by
    default the table's name), or "every row" for a sequential scan."""
    found = set()
    if plan.get("Relation Name") == table and plan["Node Type"] == "Seq Scan":
        found.add("every row")
    if plan.get("Index Name", "").startswith(prefix or table):
        found.add(plan["Index Name"])
    for child in plan.get("Plans", []):
        found |= _indexes_read(child, table, prefix)
    return found


def _plan(found, *, by_preference: bool = True) -> dict:
    """PostgreSQL's plan for the queryset ``found``, as ``_plan_of_sql`` reads it."""
    return _plan_of_sql(*found.query.sql_with_params(), by_preference=by_preference)


def _plan_of_sql(sql: str, params=(), *, by_preference: bool = True) -> dict:
    """PostgreSQL's plan for ``sql`` after an ANALYZE of the households; ``by_preference``
    off: a small table, so no sequential scan or index walk by preference, and the plan shows
    which indexes the query itself can be read by."""
    import json

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE debts_household")
        if not by_preference:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params or None)
        plan = cursor.fetchone()[0]
    return (plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]


@pytest.mark.parametrize(
    ("term", "index"),
    [
        ("ไม่มีชื่อนี้", "debts_household_name_trgm"),
        ("สม", "debts_household_name_prefix"),
        ("12/3", "debts_household_house_area"),
    ],
)
def test_a_household_search_reads_only_its_own_index(term, index):
    """A search term is read as one kind (a name, its beginning, a house number), each by its own
    index: a term read as a name and a house number at once let PostgreSQL walk every household
    in the list's order (480 ms for central office at a million households, BENCHMARKS.md)."""
    from debts.filters import HouseholdFilter
    from debts.selectors import household_list

    call_command("seed_national", scale=0.003, seed=5)
    central = User.objects.get(username="central")
    found = HouseholdFilter({"q": term}, queryset=household_list(central), user=central).qs
    plan = _plan(found.order_by("village", "house_number", "id")[:26], by_preference=False)
    assert _indexes_read(plan, "debts_household") == {index}


@pytest.mark.parametrize(("role", "index"), [("province", "province"), ("district", "district")])
def test_an_areas_name_search_reads_its_areas_name_index(role, index):
    """The search box looks for a whole name, then its beginning, within the user's area: by the
    index of the area and the name together, never among the whole country's names or every row
    of the area (a province's search for a name nobody has took 35 ms at ten times the country)."""
    from debts.models import Household

    call_command("seed_national", scale=0.003, seed=5)
    user = User.objects.filter(role=role, is_active=True).order_by("id").first()
    mine = Household.objects.visible_to(user)
    for found in (
        mine.filter(head_name__iexact="ไม่มีชื่อนี้"),
        mine.filter(head_name__istartswith="สม"),
    ):
        plan = _plan(found.order_by()[:10], by_preference=False)
        assert _indexes_read(plan, "debts_household") == {f"debts_household_{index}_name"}


def test_a_provinces_house_number_search_reads_the_number_and_the_province_together():
    """A province's search for a house number finds it by the index of the number and the area
    together, not among the province's every household (a number nobody has read 145,000 rows
    at ten times the country)."""
    from debts.models import Household
    from debts.selectors import household_search

    call_command("seed_national", scale=0.003, seed=5)
    user = User.objects.filter(role="province", is_active=True).order_by("id").first()
    found = Household.objects.visible_to(user).filter(household_search(user, "2647"))
    plan = _plan(found.order_by()[:11], by_preference=False)
    assert _indexes_read(plan, "debts_household") == {"debts_household_house_area"}
    conditions = _index_conditions(plan, ("debts_household_house_area",))
    assert conditions and all("province_id" in c for c in conditions), conditions


def test_a_districts_search_for_an_ids_ending_reads_the_ending_and_the_district_together():
    """Four digits in a district officer's search are a house number or the ending of a head's
    ID, each found by an index of the value and the area together, not among the district's
    every household (3,334 rows read at 1.0, ten times as many at ten times the country) nor
    among the country's IDs with that ending."""
    from debts.models import Household
    from debts.selectors import household_search

    call_command("seed_national", scale=0.003, seed=5)
    user = User.objects.filter(role="district", is_active=True).order_by("id").first()
    ending = Household.objects.filter(district_id=user.district_id).first().head_national_id[-4:]
    found = Household.objects.visible_to(user).filter(household_search(user, ending))
    assert found.exists()
    plan = _plan(found.order_by()[:11], by_preference=False)
    indexes = ("debts_household_house_area", "debts_household_id_end_area")
    assert _indexes_read(plan, "debts_household") == set(indexes)
    conditions = _index_conditions(plan, indexes)
    assert len(conditions) == 2 and all("district_id" in c for c in conditions), conditions


def test_the_search_box_reads_a_districts_house_numbers_and_id_endings_one_index_at_a_time():
    """The search box cuts its hits at a few: each kind of a district officer's four digits is
    asked alone, house numbers first, each read by its own index. Asked as one, the two kinds
    can be read together only by a bitmap of both indexes, built whole before the first row,
    and with the limit PostgreSQL walked the district's households instead (34,333 rows read
    for 3 at ten times the country)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from debts import dashboard
    from debts.models import Household

    call_command("seed_national", scale=0.003, seed=5)
    user = User.objects.filter(role="district", is_active=True).order_by("id").first()
    household = Household.objects.filter(district_id=user.district_id).order_by("id").first()
    ending = household.head_national_id[-4:]
    numbered = Household.objects.filter(district_id=user.district_id).exclude(pk=household.pk)
    numbered = numbered.order_by("id").first()
    Household.objects.filter(pk=numbered.pk).update(house_number=ending)
    with CaptureQueriesContext(connection) as queries:
        hits = dashboard.find(user, ending, 10)
    urls = [hit.url for hit in hits]
    assert urls[0] == numbered.get_absolute_url() and household.get_absolute_url() in urls[1:]
    read = [
        _indexes_read(_plan_of_sql(query["sql"], by_preference=False), "debts_household")
        for query in queries.captured_queries
    ]
    assert read == [{"debts_household_house_area"}, {"debts_household_id_end_area"}]


def test_a_districts_households_are_guessed_as_many_as_they_are():
    """PostgreSQL knows that a district lies in one province (extended statistics): filtered by
    both, as a provincial or central user's list by district is, it guesses the district's
    households, not their number times the province's share of the country."""
    from debts.models import Household

    call_command("seed_national", scale=0.003, seed=5)
    busiest = (
        Household.objects.values("province_id", "district_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    found = Household.objects.filter(
        province_id=busiest["province_id"], district_id=busiest["district_id"]
    )
    guessed = _plan(found)["Plan Rows"]
    assert busiest["n"] / 2 <= guessed <= busiest["n"] * 2


def _index_conditions(plan: dict, prefixes: tuple[str, ...]) -> list[str]:
    """The conditions of every index read in ``plan`` whose name begins with one of
    ``prefixes``."""
    found = []
    if plan.get("Index Name", "").startswith(prefixes):
        found.append(plan.get("Index Cond", ""))
    for child in plan.get("Plans", []):
        found += _index_conditions(child, prefixes)
    return found


def test_a_provinces_level_three_groups_are_read_by_the_provinces_levels():
    """The level-3 savings groups of one province are found among that province's levels of the
    year (``institutes_level_year_province``), never among the country's: the country's level-3
    groups of the year were all read for one province's page (×3.3 at ten times the country)."""
    from cddfund.models import Province
    from institutes.models import GroupLevel
    from institutes.selectors.savings import level_three

    call_command("seed_national", scale=0.003, seed=5)
    central = User.objects.get(username="central")
    level = GroupLevel.objects.filter(level=3).order_by("id").first()
    province = Province.objects.get(pk=level.province_id)
    found = level_three(central, level.fiscal_year, province=province)
    assert level.group_id in {group.pk for group in found}
    plan = _plan(found.all()[:25], by_preference=False)
    assert _indexes_read(plan, "institutes_grouplevel") | _indexes_read(
        plan, "institutes_grouplevel", "institutes_level_year"
    ), "the levels are read by an index"
    conditions = _index_conditions(plan, ("institutes_grouplevel", "institutes_level_year"))
    assert conditions and all("province_id" in c for c in conditions), conditions


def test_a_thai_name_is_looked_for_by_the_trigrams_of_its_search_key():
    """A Thai name's marks above and below the line break PostgreSQL's trigrams into short, common
    ones (สุริยา: ส, ร, ยา), and the name index read nearly every centre (22 ms of 30,000 at ten
    times the country); its search key (สรยา) is read by an index of its own."""
    from cddfund.search import SearchKey, ranked_large, search_key
    from institutes.models import Centre

    call_command("seed_national", scale=0.003, seed=5)
    # The key worked out in Python is the key PostgreSQL indexes.
    names = ["ศูนย์ฯ บ้านสุริยาน้อย", "ศูนย์ฯ บ้านหนองบัวใหม่", "Ban Nong Bua"]
    for name in names:
        assert Centre.objects.annotate(key=SearchKey(Value(name))).values_list("key", flat=True)[
            :1
        ].get() == search_key(name)
    assert search_key("สุริยา") == "สรยา"
    # The marks the migrations indexed are the marks the queries strip.
    from cddfund.migration_ops import SEARCH_KEY_MARKS
    from cddfund.search import THAI_MARKS

    assert SEARCH_KEY_MARKS == THAI_MARKS
    centre = Centre.objects.order_by("id").first()
    Centre.objects.filter(pk=centre.pk).update(name="ศูนย์จัดการกองทุนชุมชนบ้านสุริยาน้อย")
    found = ranked_large(Centre.objects.all(), "name", "สุริยา", 10, keyed=True)
    assert [c.pk for c in found] == [centre.pk]
    # "รยา" is in the name's key (...สรยานอย) but not in the name itself: the name decides.
    assert ranked_large(Centre.objects.all(), "name", "รยา", 10, keyed=True) == []
    anywhere = (
        Centre.objects.filter(name__icontains="สุริยาใหญ่")
        .alias(search_key=SearchKey("name"))
        .filter(search_key__contains=search_key("สุริยาใหญ่"))
    )
    plan = _plan(anywhere.order_by()[:10], by_preference=False)
    assert _indexes_read(plan, "institutes_centre") == {"institutes_centre_name_key"}


@pytest.mark.parametrize(
    "name, target",
    [
        ("household list [district]", 1.5),
        ("search box, a name [central]", 1.5),
        ("home page and its work list [district]", 1.5),
        ("KPI evidence, the area's centres [district]", 1.5),
        ("report: debts of closed 2569 [central]", 1.5),
        ("report: debt results [district]", 3.0),
        ("report: debt results [central]", 3.0),
        ("report: directory of centres [province]", 3.0),
        ("job: the country's debt figures by district, nothing new", None),
        ("registers of the largest province PDF", None),
    ],
)
def test_each_figure_of_the_growth_benchmark_has_its_kinds_target(name, target):
    """Pages, searches and closed periods' reports may grow by 1.5× for ten times the data; a
    running period's report computed live over its whole area by 3×; jobs and exports are judged
    by their rows and memory."""
    from scale.management.commands.bench_growth import growth_target

    assert growth_target(name) == target


def test_the_growth_benchmark_times_each_page_at_each_scale_in_turn():
    """Both figures of a page's ratio are taken in the same minutes: each scale's process is
    asked a slice of the page's requests at a time, the scales taking turns, and a page that one
    scale does not serve is left out of both."""
    from scale.management.commands.bench_growth import interleaved

    asked = []

    class Worker:
        def __init__(self, scale, pages, ms):
            self.scale, self.pages, self.ms = scale, pages, ms

        def ask(self, page, requests=None, describe=False):
            if describe:
                return {"queries": 3, "bare_query_ms": 1.0}
            asked.append((self.scale, page, requests))
            return {"ms": [self.ms] * requests}

    small = Worker(0.1, ["centre list [district]", "review queue [province]"], 10.0)
    large = Worker(1.0, ["centre list [district]"], 12.0)
    figures = interleaved([small, large], requests=30, turns=6)

    page = "centre list [district]"
    assert asked == [(0.1, page, 5), (1.0, page, 5), (1.0, page, 5), (0.1, page, 5)] * 3
    assert [f["name"] for f in figures[0.1]] == [f["name"] for f in figures[1.0]] == [page]
    assert figures[0.1][0]["median_ms"] == 10.0 and figures[1.0][0]["median_ms"] == 12.0
    assert figures[1.0][0]["requests"] == 30 and figures[1.0][0]["queries"] == 3


def test_a_provinces_progress_reads_its_own_active_centres_not_the_countrys():
    """A province's progress (its home page, the progress page) counts its centres' assessments
    of the year by state, with the province's active centres read by their area, not by a join
    to every centre: PostgreSQL hashed the country's centres for one province's assessments
    (29,040 rows read for 437 at ten times the country)."""
    from django.db import connection
    from django.db.models import Max
    from django.test.utils import CaptureQueriesContext

    from assessments import selectors

    call_command("seed_national", scale=0.003, seed=5)
    user = User.objects.filter(role="province", is_active=True).order_by("id").first()
    year = Assessment.objects.aggregate(year=Max("fiscal_year"))["year"]
    with CaptureQueriesContext(connection) as queries:
        _rows, total = selectors.progress(user, year, "district")
    assert total.centres and total.centres > total.not_started
    [sql] = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "assessments_assessment"."district_id"')
    ]
    plan = _plan_of_sql(sql, by_preference=False)
    conditions = _index_conditions(plan, ("institutes_centre",))
    assert conditions and all("province_id" in c for c in conditions), conditions
