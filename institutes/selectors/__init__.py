"""Every read of centres and their registers, scoped to the user."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cddfund import thai
from cddfund.scope import get_editable_or_403, get_visible_or_404
from institutes.models import (
    AppointmentOrder,
    BoardMember,
    BoardPart,
    CapitalReceipt,
    CapitalSource,
    Centre,
    IndividualMember,
    Meeting,
    MeetingKind,
    Membership,
    PlanActivity,
    ShareKind,
    ShareTransaction,
    VillageGroup,
    WelfareGrant,
)

ZERO = Decimal("0.00")
SIGNED_AMOUNT = Case(
    When(kind=ShareKind.PURCHASE, then=F("amount")),
    default=-F("amount"),
    output_field=DecimalField(max_digits=14, decimal_places=2),
)


def centre_list(user) -> QuerySet[Centre]:
    return Centre.objects.visible_to(user).select_related(
        "village__subdistrict", "district", "province"
    )


def centre_list_with_members(user) -> QuerySet[Centre]:
    """The centre list: one query for a page of centres with their current member count, in
    the official order of the areas' codes (province, district), then by name, read from the
    area index a page at a time; each row's member count is counted for that row only (a count
    grouped over every centre would read the whole country before the first page)."""
    members = (
        Membership.objects.filter(centre=OuterRef("pk"), left_on__isnull=True)
        .order_by()
        .values("centre")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        centre_list(user)
        .annotate(member_count=Coalesce(Subquery(members), 0))
        .order_by("province_id", "district_id", "name", "id")
    )


def get_centre_for_user(user, pk: int) -> Centre:
    return get_visible_or_404(centre_list(user).select_related("lead_group"), user, pk=pk)


def get_centre_for_edit(user, pk: int) -> Centre:
    return get_editable_or_403(centre_list(user).select_related("lead_group"), user, pk=pk)


def get_record_for_edit(model, user, pk: int):
    """A register record (or a village group) the user may change; 404/403 otherwise."""
    related = ["centre"] if hasattr(model, "centre") else ["village"]
    return get_editable_or_403(model.objects.select_related(*related), user, pk=pk)


def village_groups(centre: Centre) -> QuerySet[VillageGroup]:
    return VillageGroup.objects.filter(village_id=centre.village_id).order_by("name")


def member_groups(centre: Centre, on: datetime.date | None = None) -> QuerySet[VillageGroup]:
    """Groups that are members of the centre on ``on`` (today by default)."""
    on = on or timezone.localdate()
    member_then = Membership.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=on),
        centre=centre,
        group=OuterRef("pk"),
        joined_on__lte=on,
    )
    return VillageGroup.objects.filter(Exists(member_then)).order_by("name")


def memberships(centre: Centre) -> QuerySet[Membership]:
    return centre.memberships.select_related("group").order_by("left_on", "joined_on", "id")


def individual_members(centre: Centre) -> QuerySet[IndividualMember]:
    return centre.individual_members.select_related("moved_to").order_by(
        "left_on", "joined_on", "id"
    )


@dataclass
class ShareLine:
    txn: ShareTransaction
    balance: Decimal


def share_register(centre: Centre) -> list[ShareLine]:
    """Every purchase and withdrawal in date order, each with its group's balance after it."""
    balances: dict[int, Decimal] = defaultdict(lambda: ZERO)
    lines = []
    for txn in centre.share_transactions.select_related("group", "recorded_by").order_by(
        "made_on", "id"
    ):
        balances[txn.group_id] += txn.signed_amount
        lines.append(ShareLine(txn, balances[txn.group_id]))
    return lines


def share_totals(centre: Centre, as_of: datetime.date) -> tuple[list[dict], Decimal]:
    """Each member group's share balance on ``as_of``, and the centre's total."""
    rows = list(
        centre.share_transactions.filter(made_on__lte=as_of)
        .values("group_id", "group__name")
        .annotate(
            balance=Coalesce(Sum(SIGNED_AMOUNT), Value(ZERO)),
            purchased=Coalesce(Sum("amount", filter=Q(kind=ShareKind.PURCHASE)), Value(ZERO)),
            withdrawn=Coalesce(Sum("amount", filter=Q(kind=ShareKind.WITHDRAWAL)), Value(ZERO)),
        )
        .order_by("group__name")
    )
    return rows, sum((r["balance"] for r in rows), ZERO)


@dataclass
class CapitalSummary:
    as_of: datetime.date
    shares: Decimal
    by_source: list[tuple[str, Decimal]]
    total: Decimal


def capital_summary(centre: Centre, as_of: datetime.date) -> CapitalSummary:
    _rows, shares = share_totals(centre, as_of)
    sums = dict(
        centre.capital_receipts.filter(received_on__lte=as_of)
        .values("source")
        .annotate(total=Sum("amount"))
        .values_list("source", "total")
    )
    by_source = [(label, sums.get(value, ZERO)) for value, label in CapitalSource.choices]
    return CapitalSummary(as_of, shares, by_source, shares + sum(v for _, v in by_source))


def capital_receipts(centre: Centre) -> QuerySet[CapitalReceipt]:
    return centre.capital_receipts.order_by("-received_on", "-id")


@dataclass
class BoardStatus:
    on: datetime.date
    members: list[BoardMember]
    part1: int
    part2: int
    unrepresented: list[VillageGroup] = field(default_factory=list)
    order: AppointmentOrder | None = None
    order_is_current: bool = False

    @property
    def part2_limit(self) -> int:
        return self.part1 // 2


def board_status(centre: Centre, on: datetime.date | None = None) -> BoardStatus:
    """The board on ``on``: who sits, the counts per part, member groups with no representative,
    and whether every sitting member is appointed by an order signed by the district chief."""
    on = on or timezone.localdate()
    sitting = list(
        centre.board_members.filter(term_start__lte=on, term_end__gte=on).select_related(
            "represents", "order"
        )
    )
    part1 = sum(1 for m in sitting if m.part == BoardPart.REPRESENTATIVE)
    represented = {m.represents_id for m in sitting if m.represents_id}
    unrepresented = [g for g in member_groups(centre, on) if g.pk not in represented]
    orders = {m.order for m in sitting if m.order}
    order = max(orders, key=lambda o: o.issued_on) if orders else None
    current = bool(sitting) and all(m.order and m.order.signed_by_district_chief for m in sitting)
    return BoardStatus(on, sitting, part1, len(sitting) - part1, unrepresented, order, current)


def board_history(centre: Centre) -> QuerySet[BoardMember]:
    return centre.board_members.select_related("represents", "order").order_by(
        "-term_start", "part", "position"
    )


def orders(centre: Centre) -> QuerySet[AppointmentOrder]:
    return centre.orders.annotate(member_count=Count("members")).order_by("-issued_on", "-id")


def meetings(centre: Centre) -> QuerySet[Meeting]:
    return centre.meetings.order_by("-held_on", "-id")


def meetings_per_fiscal_year(centre: Centre) -> list[dict]:
    """[{year, board, general}] newest year first."""
    counts: dict[int, dict] = {}
    for held_on, kind in centre.meetings.values_list("held_on", "kind"):
        year = thai.fiscal_year(held_on)
        row = counts.setdefault(year, {"year": year, "board": 0, "general": 0})
        row["board" if kind == MeetingKind.BOARD else "general"] += 1
    return sorted(counts.values(), key=lambda r: -r["year"])


@dataclass
class PlanYear:
    year: int
    activities: list[PlanActivity]

    @property
    def done(self) -> int:
        return sum(1 for a in self.activities if a.is_done)

    @property
    def share_done(self) -> Decimal:
        if not self.activities:
            return ZERO
        return thai.percent(self.done, len(self.activities))


def plan_years(centre: Centre) -> list[PlanYear]:
    by_year: dict[int, list] = defaultdict(list)
    for activity in centre.plan_activities.order_by("fiscal_year", "planned_month", "id"):
        by_year[activity.fiscal_year].append(activity)
    return [PlanYear(year, items) for year, items in sorted(by_year.items(), reverse=True)]


def welfare_grants(centre: Centre) -> QuerySet[WelfareGrant]:
    return centre.welfare_grants.select_related("via_group").order_by(
        "-fiscal_year", "category", "id"
    )


def welfare_totals(centre: Centre) -> list[dict]:
    return list(
        centre.welfare_grants.values("fiscal_year")
        .annotate(people=Sum("people"), amount=Sum("amount"), grants=Count("id"))
        .order_by("-fiscal_year")
    )
