"""What household debts add to the home page: cards and the district officer's work."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cddfund import thai
from cddfund.periods import Period
from cddfund.registry import Card, Hit, Work
from cddfund.scope import Role
from cddfund.search import ranked_large
from debts.models import HOUSEHOLD_COUNTS, DebtEvent, EventKind, HouseholdCounts, TargetHousehold
from debts.selectors import household_list, household_search_kinds
from debts.selectors.programme import no_support


def _household_counts(user) -> dict:
    """The area's households surveyed, reached 1 household 1 contract and not yet classified:
    its districts' counts, kept live by the database (``HouseholdCounts``), one row a district
    however many households it has. Kept on the user for the rest of the request: the cards
    and the work list both read them."""
    if not hasattr(user, "_debts_households"):
        user._debts_households = HouseholdCounts.objects.visible_to(user).aggregate(
            **{name: Coalesce(Sum(name), 0) for name in HOUSEHOLD_COUNTS}
        )
    return user._debts_households


def cards(user) -> list[Card]:
    counts = _household_counts(user)
    return [
        Card(f"{counts['surveyed']:,}", _("ครัวเรือนที่สำรวจหนี้แล้ว"), reverse("household_list")),
        Card(
            f"{counts['reached']:,}",
            _("ครัวเรือนที่ถึง 1 ครัวเรือน 1 สัญญา"),
            reverse("household_list") + "?one_contract=yes",
        ),
    ]


def work(user) -> list[Work]:
    """The district officer's debts work: households surveyed but not classified, this year's
    targets with no support yet, and evidence missing from this year's records (2 queries, and
    the households' counts the cards have read)."""
    if user.role != Role.DISTRICT:
        return []
    year = thai.fiscal_year(timezone.localdate())
    period = Period(year)
    households = _household_counts(user)
    targets = (
        TargetHousehold.objects.visible_to(user)
        .filter(fiscal_year=year)
        .aggregate(
            unsupported=Count("id", filter=no_support()),
            no_form=Count("id", filter=Q(enrolment_form="")),
        )
    )
    undocumented = (
        DebtEvent.objects.visible_to(user)
        .filter(
            kind__in=[EventKind.TRANSFER, EventKind.CONSOLIDATION],
            occurred_on__range=(period.start, period.end),
        )
        .filter(Q(document="") | Q(decision_ref=""))
        .count()
    )
    households_url = reverse("household_list")
    return [
        Work(
            households["unclassified"],
            _("ครัวเรือนที่สำรวจหนี้แล้วแต่ยังไม่จัดประเภทลูกหนี้"),
            f"{households_url}?classified=no",
        ),
        Work(
            targets["unsupported"],
            _("ครัวเรือนเป้าหมายปีงบประมาณ %(year)s ที่ยังไม่มีการสนับสนุน") % {"year": year},
            f"{households_url}?unsupported_year={year}",
        ),
        Work(
            targets["no_form"] + undocumented,
            _("หลักฐานตัวชี้วัดปีงบประมาณ %(year)s ที่ยังขาด (แบบบันทึกการเข้าร่วม สัญญา มติ)") % {"year": year},
            f"{reverse('evidence_summary')}?year={year}",
        ),
    ]


def find(user, query: str, limit: int) -> list[Hit]:
    """Households by the head's name (best matches first), or by a house number or the ending
    of the head's ID (debts.selectors.household_search_kinds)."""
    found = household_list(user).select_related("village", "district")
    if any(c.isdigit() for c in query):
        # One query per kind, house numbers first: each a plain read of its own index, cut at
        # ``limit``. Asked as one, the two kinds are read together only by a bitmap of both
        # indexes, which is built whole before the first row; with a limit PostgreSQL took a
        # walk of the district's households instead (34,333 rows for 3 at ten times the
        # country, BENCHMARKS.md).
        rows = []
        for kind in household_search_kinds(user, query):
            seen = {row.pk for row in rows}
            rows += [row for row in found.filter(kind).order_by()[:limit] if row.pk not in seen]
            if len(rows) >= limit:
                break
        rows = rows[:limit]
    else:
        rows = ranked_large(found, "head_name", query, limit)
    return [
        Hit(
            f"{h.head_name} ({_('บ้านเลขที่')} {h.house_number})",
            f"{h.village} อ.{h.district.name_th}",
            h.get_absolute_url(),
        )
        for h in rows
    ]
