"""The country's debt figures as last counted (debts/services/rollup.py): pages for the whole
country read them while they are fresh; a district or a province always counts its own live."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cddfund.periods import Period
from debts import figures
from debts.models import DistrictFigures, Household
from debts.services import standing
from debts.services.rollup import district_figures_count, ended_open
from debts.tasks import count_district_figures
from reports import data
from reports.services import period_close, period_keep
from tests.test_figures import repay

pytestmark = pytest.mark.django_db


def _a_target_owing(district: str, period: Period | None = None) -> Household:
    period = period or Period.current()
    return (
        Household.objects.filter(
            district__name_th=district,
            targets__fiscal_year__in=range(period.fiscal_year - 2, period.fiscal_year + 1),
            targets__enrolled_on__lte=period.end,
            loans__status="active",
            loans__creditor_group__isnull=False,
            loans__outstanding__gte=100,
        )
        .distinct()
        .first()
    )


def _then(user, period=None) -> Decimal:
    return data.debt_results(user, period or Period.current()).total["then"]


def test_the_countrys_debt_results_are_the_last_count_and_the_same_as_counted_live(
    records, accounts
):
    central, period = accounts["central"], Period.current()
    live = data.debt_results(central, period)
    assert district_figures_count() == 4  # every district that has households
    counted = data.debt_results(central, period)
    assert counted.rows == live.rows and counted.total == live.total
    assert "นับไว้เมื่อ" in counted.notes[0]
    assert "นับไว้เมื่อ" not in " ".join(live.notes)


def test_a_repayment_shows_in_its_district_at_once_elsewhere_at_the_next_count(records, accounts):
    central, chiangrai, maesuai = accounts["central"], accounts["chiangrai"], accounts["maesuai"]
    district_figures_count()
    country, province, district = _then(central), _then(chiangrai), _then(maesuai)
    repay(maesuai, _a_target_owing("แม่สรวย"), "100", timezone.localdate())

    assert _then(maesuai) == district - 100
    assert (_then(chiangrai), _then(central)) == (province, country)
    district_figures_count()
    assert (_then(chiangrai), _then(central)) == (province - 100, country - 100)


def test_each_reads_only_its_own_districts_of_the_count(records, accounts):
    district_figures_count()
    last_year = Period(Period.current().fiscal_year - 1)
    for account in ("chiangrai", "maesuai"):
        user = accounts[account]
        live = figures.period_counts(
            Household.objects.visible_to(user), last_year, "district", user
        )
        counted = data.debt_results(user, last_year)
        assert "นับไว้เมื่อ" in counted.notes[0]
        assert {r["district_code"] for r in counted.rows} == {r["key"] for r in live}
        assert counted.total["targets"] == sum(r["targets"] for r in live)
    # A district officer's running period: counted live.
    assert "นับไว้เมื่อ" not in " ".join(data.debt_results(accounts["maesuai"], Period.current()).notes)


def test_a_count_older_than_an_hour_is_not_read(records, accounts):
    central = accounts["central"]
    district_figures_count()
    country = _then(central)
    repay(accounts["maesuai"], _a_target_owing("แม่สรวย"), "100", timezone.localdate())
    DistrictFigures.objects.update(counted_at=timezone.now() - datetime.timedelta(minutes=61))
    report = data.debt_results(central, Period.current())
    assert report.total["then"] == country - 100
    assert "นับไว้เมื่อ" not in " ".join(report.notes)


def test_a_period_that_has_ended_unclosed_is_counted_as_of_its_last_day(records, accounts):
    central, chiangrai = accounts["central"], accounts["chiangrai"]
    last_year = Period(Period.current().fiscal_year - 1)
    live = data.debt_results(central, last_year)
    assert district_figures_count() == 4
    counted = data.debt_results(central, last_year)
    assert "นับไว้เมื่อ" in counted.notes[0]
    assert counted.rows == live.rows and counted.total == live.total
    assert DistrictFigures.objects.filter(as_of=last_year.end).exists()

    # A repayment dated inside it, entered late: the next count has it, for everyone.
    province = _then(chiangrai, last_year)
    owing = _a_target_owing("แม่สรวย", last_year)
    repay(accounts["maesuai"], owing, "100", last_year.end)
    assert (_then(chiangrai, last_year), _then(central, last_year)) == (
        province,
        live.total["then"],
    )
    district_figures_count()
    assert _then(chiangrai, last_year) == province - 100
    assert _then(central, last_year) == live.total["then"] - 100


def _ended_row(district: str, period: Period) -> DistrictFigures:
    return DistrictFigures.objects.get(district__name_th=district, as_of=period.end)


def test_a_period_that_has_ended_is_counted_again_only_where_a_late_record_came(records, accounts):
    last_year = Period(Period.current().fiscal_year - 1)
    district_figures_count()
    # The records so far came before that count (this test is one transaction: marked with it).
    Household.objects.update(figures_xid=None)
    # A row of the last count that no later record touches is kept as it was (proved by a
    # figure changed by hand): its district is not counted again.
    others = DistrictFigures.objects.filter(as_of=last_year.end).exclude(district__name_th="แม่สรวย")
    kept = others.first()
    DistrictFigures.objects.filter(pk=kept.pk).update(then=Decimal("12345.00"))
    owing = _a_target_owing("แม่สรวย", last_year)
    before = _ended_row("แม่สรวย", last_year).then
    repay(accounts["maesuai"], owing, "100", last_year.end)
    district_figures_count()
    assert _ended_row("แม่สรวย", last_year).then == before - 100
    assert DistrictFigures.objects.get(district=kept.district, as_of=last_year.end).then == 12345
    # Every row of the count, kept or counted again, is the same as counted live.
    live = {
        r["key"]: r["then"]
        for r in figures.period_counts(Household.objects.all(), last_year, "district")
    }
    counted = dict(
        DistrictFigures.objects.filter(as_of=last_year.end)
        .exclude(pk__in=DistrictFigures.objects.filter(district=kept.district).values("pk"))
        .values_list("district_id", "then")
    )
    assert counted == {k: v for k, v in live.items() if k != kept.district_id}


@pytest.mark.parametrize(
    "today, day, reaches",
    [
        (datetime.date(2026, 12, 5), datetime.date(2026, 9, 30), True),
        (datetime.date(2026, 12, 5), datetime.date(2026, 10, 1), False),
        (datetime.date(2026, 12, 5), datetime.date(2026, 12, 5), False),
        (datetime.date(2027, 4, 2), datetime.date(2027, 3, 31), True),
        (datetime.date(2027, 4, 2), datetime.date(2027, 4, 1), False),
        # The last day of a period: a write still open at midnight is seen by the next count.
        (datetime.date(2027, 3, 31), datetime.date(2027, 3, 31), True),
        (datetime.date(2026, 9, 30), datetime.date(2026, 9, 30), True),
        (datetime.date(2026, 12, 5), None, True),
    ],
)
def test_the_days_whose_records_mark_their_household(monkeypatch, today, day, reaches):
    monkeypatch.setattr(standing.timezone, "localdate", lambda: today)
    assert standing.reaches_ended_period(day) is reaches


def test_a_record_dated_after_every_ended_period_marks_nothing(records, accounts, monkeypatch):
    owing = _a_target_owing("แม่สรวย")
    Household.objects.filter(pk=owing.pk).update(figures_xid=None)
    today = timezone.localdate()
    monkeypatch.setattr(standing, "reaches_ended_period", lambda day: day < today)
    repay(accounts["maesuai"], owing, "100", today)
    assert Household.objects.get(pk=owing.pk).figures_xid is None
    repay(accounts["maesuai"], owing, "100", Period(Period.current().fiscal_year - 1).end)
    assert Household.objects.get(pk=owing.pk).figures_xid is not None


def test_a_count_from_another_servers_history_is_counted_again_everywhere(records, accounts):
    """A database restored on another server numbers its transactions afresh: a last count
    whose xmin is ahead of this server's is not trusted."""
    last_year = Period(Period.current().fiscal_year - 1)
    district_figures_count()
    row = DistrictFigures.objects.filter(as_of=last_year.end).first()
    DistrictFigures.objects.filter(pk=row.pk).update(then=Decimal("12345.00"))
    DistrictFigures.objects.filter(counted_xmin__isnull=False).update(counted_xmin=2**62)
    district_figures_count()
    assert DistrictFigures.objects.get(district=row.district, as_of=last_year.end).then == row.then


def test_a_closed_period_is_not_counted(records, accounts):
    last_year = Period(Period.current().fiscal_year - 1)
    district_figures_count()
    assert DistrictFigures.objects.filter(as_of=last_year.end).exists()
    period_close(by=accounts["central"], period=last_year)
    district_figures_count()
    assert not DistrictFigures.objects.filter(as_of=last_year.end).exists()
    assert DistrictFigures.objects.filter(as_of=timezone.localdate()).count() == 4


def test_an_older_year_is_counted_live(records, accounts):
    central, older = accounts["central"], Period(Period.current().fiscal_year - 2)
    district_figures_count()
    assert "นับไว้เมื่อ" not in " ".join(data.debt_results(central, older).notes)


def test_the_count_is_a_periodic_job_that_replaces_the_last_count(records):
    assert count_district_figures.name == "debts.count_district_figures"
    assert count_district_figures(timestamp=0) == 4
    first = set(DistrictFigures.objects.values_list("pk", flat=True))
    assert count_district_figures(timestamp=0) == 4
    assert not first & set(DistrictFigures.objects.values_list("pk", flat=True))
    assert DistrictFigures.objects.filter(as_of=timezone.localdate()).count() == 4
    # And each period that has ended unclosed (last year and its first round at least).
    ended = ended_open(timezone.localdate())
    assert len(ended) >= 2 and DistrictFigures.objects.count() == 4 * (1 + len(ended))


def test_the_periods_counted_are_those_of_this_year_or_the_last_that_ended_unclosed():
    codes = lambda today: [p.code for p in ended_open(today)]  # noqa: E731
    assert codes(datetime.date(2026, 12, 5)) == ["2569-1", "2569"]
    assert codes(datetime.date(2027, 4, 1)) == ["2569-1", "2569", "2570-1"]
    assert codes(datetime.date(2026, 3, 31)) == ["2568-1", "2568"]


def test_closing_a_period_keeps_its_figures_as_they_are_not_as_last_counted(records, accounts):
    central = accounts["central"]
    last_year = Period(Period.current().fiscal_year - 1)
    district_figures_count()
    counted = _then(central, last_year)
    repay(accounts["maesuai"], _a_target_owing("แม่สรวย", last_year), "100", last_year.end)
    assert _then(central, last_year) == counted  # the page: as last counted
    period_keep(period_close(by=central, period=last_year))
    kept = data.report("debts", central, last_year)
    assert kept.snapshot is not None and kept.total["then"] == counted - 100
