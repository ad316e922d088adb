"""Every read of household debts, scoped to the user."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Right
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from cddfund import thai
from cddfund.models import District, Province
from cddfund.periods import Period
from cddfund.scope import get_editable_or_403, get_visible_or_404
from cddfund.search import ID_SUFFIX_DIGITS
from debts import figures
from debts.models import (
    DebtEvent,
    DebtorClass,
    EventKind,
    Household,
    Loan,
    LoanMovement,
    SurveyLine,
    TargetHousehold,
)
from institutes.models import Centre


def household_list(user) -> QuerySet[Household]:
    """The households ``user`` may see, with what the list shows of each: every other join
    costs the planner more than the first page costs to read (BENCHMARKS.md, "Growth")."""
    return Household.objects.visible_to(user).select_related("village", "district", "debtor_class")


def _household_page(user) -> QuerySet[Household]:
    return household_list(user).select_related("village__subdistrict", "centre", "province")


def household_search_kinds(user, value: str) -> list[Q]:
    """What a search for ``value`` matches among households, one condition per kind, each read
    by an index of its own (a term read as several kinds at once would leave PostgreSQL only a
    scan of every household): a term with a digit is a house number and, for the roles that
    see IDs in full, four digits are also the ending of the head's ID (never for masked IDs: no
    run of searches recovers them); any other term is a name, from its third letter anywhere in
    it (the trigram index), shorter at its beginning (the prefix index)."""
    value = value.strip()
    if any(c.isdigit() for c in value):
        kinds = [Q(house_number=value)]
        if len(value) == ID_SUFFIX_DIGITS and value.isdigit() and user.sees_national_ids:
            kinds.append(Q(Exact(Right("head_national_id", ID_SUFFIX_DIGITS), value)))
        return kinds
    if len(value) < 3:
        return [Q(head_name__istartswith=value)]
    return [Q(head_name__icontains=value)]


def household_search(user, value: str) -> Q:
    """Every kind of ``household_search_kinds`` at once (a list's filter, read in the list's
    order)."""
    found = Q()
    for kind in household_search_kinds(user, value):
        found |= kind
    return found


def get_household_for_user(user, pk: int) -> Household:
    return get_visible_or_404(_household_page(user), user, pk=pk)


def household_with_head_id(user, national_id: str) -> Household | None:
    """The household whose head has this whole ID, if ``user`` may see it."""
    return household_list(user).filter(head_national_id=national_id).first()


def get_household_for_edit(user, pk: int) -> Household:
    return get_editable_or_403(_household_page(user), user, pk=pk)


def get_record_for_edit(model, user, pk: int):
    return get_editable_or_403(model.objects.all(), user, pk=pk)


def targeted_in(years) -> Exists:
    return Exists(
        TargetHousehold.objects.filter(household=OuterRef("pk"), fiscal_year__in=list(years))
    )


def loans(household: Household) -> QuerySet[Loan]:
    return household.loans.select_related("creditor_group", "opened_by").order_by(
        "status", "contract_date", "id"
    )


def debtor_classes(centre: Centre) -> QuerySet[DebtorClass]:
    return centre.debtor_classes.order_by("order", "id")


@dataclass
class TimelineEntry:
    on: datetime.date
    kind: str
    title: str
    details: list[str] = field(default_factory=list)
    outstanding: Decimal | None = None
    contracts: int | None = None
    event: DebtEvent | None = None


def timeline(household: Household) -> list[TimelineEntry]:
    """Surveys, classifications and restructuring events, oldest first."""
    entries = []
    survey_totals = dict(
        SurveyLine.objects.filter(survey__household=household, loan__creditor_group__isnull=False)
        .values("survey_id")
        .annotate(total=Sum("outstanding"), contracts=Count("id", filter=Q(outstanding__gt=0)))
        .values_list("survey_id", "total")
    )
    for survey in household.surveys.all():
        entries.append(
            TimelineEntry(
                survey.surveyed_on,
                "survey",
                str(_("สำรวจหนี้ครั้งแรก (ฐาน)") if survey.is_baseline else _("สำรวจหนี้")),
                [survey.note] if survey.note else [],
                outstanding=survey_totals.get(survey.pk, Decimal(0)),
            )
        )
    for item in household.classifications.select_related("debtor_class", "classified_by"):
        entries.append(
            TimelineEntry(
                item.classified_at.date(),
                "class",
                str(_("จัดประเภทลูกหนี้: %(name)s") % {"name": item.debtor_class.name}),
                [f"{item.classified_by}" + (f" · {item.note}" if item.note else "")],
            )
        )
    events = household.debt_events.prefetch_related(
        Prefetch(
            "movements",
            queryset=LoanMovement.objects.select_related("loan__creditor_group").order_by("id"),
        )
    ).select_related("recorded_by")
    for event in events:
        details = [
            f"{m.loan.contract_no} ({m.loan.creditor_name}): "
            f"{thai.format_number(m.before)} → {thai.format_number(m.after)}"
            for m in event.movements.all()
            if m.amount or event.kind != EventKind.CHANGE_TERMS
        ]
        if event.kind == EventKind.CHANGE_TERMS:
            details.append(
                str(
                    _("ดอกเบี้ย %(old_rate)s%% → %(new_rate)s%% · ระยะเวลา %(old)s → %(new)s เดือน")
                    % {
                        "old_rate": event.old_rate,
                        "new_rate": event.new_rate,
                        "old": event.old_term,
                        "new": event.new_term,
                    }
                )
            )
        for label, value in ((_("เหตุผล"), event.reason), (_("มติ"), event.decision_ref)):
            if value:
                details.append(f"{label}: {value}")
        entries.append(
            TimelineEntry(
                event.occurred_on,
                event.kind,
                event.get_kind_display(),
                details,
                outstanding=event.outstanding_after,
                contracts=event.contracts_after,
                event=event,
            )
        )
    entries.sort(key=lambda e: e.on)
    return entries


def outstanding_points(entries: list[TimelineEntry]) -> list[tuple[datetime.date, Decimal]]:
    """The household's outstanding village debt after each survey and event, for its chart."""
    return [(e.on, e.outstanding) for e in entries if e.outstanding is not None]


def transfer_register(centre: Centre) -> list[dict]:
    """ทะเบียนการโอนภาระหนี้: every transfer in the centre, with both sides of it."""
    rows = []
    events = (
        DebtEvent.objects.filter(household__centre=centre, kind=EventKind.TRANSFER)
        .select_related("household")
        .prefetch_related(
            Prefetch(
                "movements", queryset=LoanMovement.objects.select_related("loan__creditor_group")
            )
        )
        .order_by("occurred_on", "id")
    )
    for event in events:
        moves = list(event.movements.all())
        source = next((m for m in moves if m.amount < 0), None)
        target = next((m for m in moves if m.amount > 0), None)
        if source and target:
            rows.append(
                {
                    "event": event,
                    "household": event.household,
                    "from_loan": source.loan,
                    "to_loan": target.loan,
                    "amount": target.amount,
                }
            )
    return rows


def one_contract_register(centre: Centre) -> QuerySet[Household]:
    """ทะเบียนการบริหารจัดการหนี้ไปสู่ 1 ครัวเรือน 1 สัญญา: every surveyed household."""
    return (
        centre.households.filter(baseline_on__isnull=False)
        .select_related("village", "debtor_class")
        .prefetch_related(
            Prefetch("targets", queryset=TargetHousehold.objects.order_by("fiscal_year"))
        )
        .order_by("house_number", "id")
    )


@dataclass
class KpiRow:
    """One row of the KPI (seed 004, indicator 10; the definitions are in debts/figures.py)."""

    key: str
    label: str
    targets: int
    reduced: int
    cleared: int
    query: str = ""

    @property
    def share(self) -> Decimal | None:
        return thai.percent(self.reduced, self.targets)

    @property
    def score(self) -> int:
        return figures.kpi_score(self.share)


KPI_LEVELS = {
    "centre": (Centre, "name"),
    "district": (District, "name_th"),
    "province": (Province, "name_th"),
}


def _area_params(level: str, key: str) -> dict:
    """Household-list filters for a KPI row (a district's DOPA code starts with its province's)."""
    if level == "centre":
        return {"centre": key}
    if level == "district":
        return {"province": key[:2], "district": key}
    return {"province": key}


def kpi(user, period: Period, level: str) -> tuple[list[KpiRow], KpiRow]:
    """KPI rows per centre, district or province inside the user's scope as of the period's last
    day, and their total. ``reduced`` counts households whose debt went down since they entered
    debt management (cleared ones included), as the KPI asks; ``cleared`` is the part of them
    that owe nothing."""
    model, label = KPI_LEVELS[level]
    rows = figures.period_counts(Household.objects.visible_to(user), period, level, user)
    names = dict(model.objects.filter(pk__in=[r["key"] for r in rows]).values_list("pk", label))
    result = sorted(
        (
            KpiRow(
                str(r["key"]),
                names[r["key"]],
                r["targets"],
                r["reduced"],
                r["cleared"],
                urlencode({**_area_params(level, str(r["key"])), "kpi_period": period.code}),
            )
            for r in rows
        ),
        key=lambda row: row.label,
    )
    total = KpiRow(
        "",
        str(_("รวม")),
        sum(r.targets for r in result),
        sum(r.reduced for r in result),
        sum(r.cleared for r in result),
    )
    return result, total


def standing_counts(queryset: QuerySet[Household]) -> dict:
    return figures.today_counts(queryset)
