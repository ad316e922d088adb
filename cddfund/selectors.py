"""Every read of the shared records, already scoped to what the user may see."""

import contextlib
import contextvars
import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from cddfund.models import AreaTally, District, PeriodClosing, Subdistrict, User, Village
from cddfund.periods import SECOND_ROUND, WHOLE_YEAR, Period
from cddfund.registry import Hit
from cddfund.scope import can_manage_account, get_editable_or_403, get_visible_or_404, scope_of
from cddfund.search import ranked_large

# The tallies are counted every ten minutes: one older than this means no worker is counting.
TALLY_FRESH_FOR = datetime.timedelta(hours=1)

_LIVE = contextvars.ContextVar("cddfund.counted_live", default=False)


@contextlib.contextmanager
def counted_live():
    """Within it, nothing is read from a last count (the tallies, an app's own counts): closing
    a period keeps its figures as they are at that moment, not as they were counted up to ten
    minutes before."""
    token = _LIVE.set(True)
    try:
        yield
    finally:
        _LIVE.reset(token)


def is_counted_live() -> bool:
    return _LIVE.get()


def _fresh_tallies(user) -> QuerySet[AreaTally] | None:
    """The last count's tallies of the user's area, or ``None`` where a caller counts live: a
    district officer, closing (``counted_live``)."""
    if scope_of(user).district_id or is_counted_live():
        return None
    return AreaTally.objects.visible_to(user).filter(
        counted_at__gte=timezone.now() - TALLY_FRESH_FOR
    )


def tallied(user, name: str) -> int | None:
    """The user's area's count of ``name`` as last counted (``AreaTally``), for a province or
    the country; ``None`` for a district officer (whose own records are counted live, so that
    an entry shows at once) or when no fresh count is there: the caller counts live."""
    fresh = _fresh_tallies(user)
    if fresh is None:
        return None
    # Every tally of the area in one query, kept on the user for the rest of the request (as
    # Django keeps its permissions).
    if not hasattr(user, "_tallies"):
        user._tallies = dict(fresh.order_by().values_list("name").annotate(n=Sum("count")))
    return user._tallies.get(name)


def tallies_by_district(user, names: list[str]) -> tuple[dict[str, dict], datetime.datetime] | None:
    """Each district of the user's area (a province or the country) with its count of each of
    ``names`` as last counted, and when they were counted; ``None`` where ``tallied`` would be,
    or when one of ``names`` was not counted (an older fiscal year's)."""
    fresh = _fresh_tallies(user)
    if fresh is None:
        return None
    tallies = fresh.filter(name__in=names)
    # A row per district, a column per name (a name not counted: NULL).
    columns = {f"c{i}": Sum("count", filter=Q(name=name)) for i, name in enumerate(names)}
    found = {
        row.pop("district_id"): {name: row[f"c{i}"] for i, name in enumerate(names)}
        for row in tallies.order_by().values("district_id").annotate(**columns)
    }
    if not found or any(n is None for counts in found.values() for n in counts.values()):
        return None
    counted_at = tallies.order_by().values_list("counted_at", flat=True).first()
    return found, counted_at  # one count wrote them all


def tallied_or(user, name: str, queryset: QuerySet) -> int:
    """``tallied``, or ``queryset`` counted live when there is no count to read."""
    found = tallied(user, name)
    return queryset.count() if found is None else found


def village_list(user) -> QuerySet[Village]:
    return Village.objects.visible_to(user).select_related("subdistrict", "district", "province")


def get_village_for_user(user, pk: int) -> Village:
    return get_visible_or_404(village_list(user), user, pk=pk)


def get_village_for_edit(user, pk: int) -> Village:
    return get_editable_or_403(village_list(user), user, pk=pk)


def area_children(user, level: str, parent: str) -> QuerySet:
    """The areas of ``level`` under ``parent`` that the user may pick, for dependent pickers."""
    if level == "districts":
        qs = District.objects.visible_to(user).filter(province_id=parent, is_active=True)
    elif level == "subdistricts":
        qs = Subdistrict.objects.visible_to(user).filter(district_id=parent, is_active=True)
    elif level == "villages":
        qs = Village.objects.visible_to(user).filter(subdistrict_id=parent)
    else:
        raise ValueError(level)
    return qs


def staff_list(user, *, search: str = "") -> QuerySet[User]:
    qs = (
        User.objects.visible_to(user)
        .select_related("province", "district")
        .order_by("role", "province__name_th", "district__name_th", "username")
    )
    if search:
        qs = qs.filter(
            Q(username__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
        )
    return qs


def get_staff_for_user(user, pk: int) -> User:
    return get_visible_or_404(staff_list(user), user, pk=pk)


def get_staff_for_edit(user, pk: int) -> User:
    """An account ``user`` may change: 404 outside their scope, 403 at or above their level."""
    staff = get_staff_for_user(user, pk)
    if not can_manage_account(user, staff):
        raise PermissionDenied
    return staff


def closing_current(period: Period) -> PeriodClosing | None:
    """The closing in force for ``period``: its own, or for round 2 the fiscal year's (the round
    ends with the year and its figures are the year's)."""
    round_ = WHOLE_YEAR if period.round == SECOND_ROUND else period.round
    return (
        PeriodClosing.objects.select_related("closed_by")
        .filter(fiscal_year=period.fiscal_year, round=round_, reopened_at__isnull=True)
        .first()
    )


def closings(period: Period | None = None) -> QuerySet[PeriodClosing]:
    """Every closing, reopened ones included (the periods page, the history of a period)."""
    found = PeriodClosing.objects.select_related("closed_by", "reopened_by")
    if period is not None:
        found = found.filter(fiscal_year=period.fiscal_year, round=period.round)
    return found


def village_search(user, query: str, limit: int) -> list[Hit]:
    """Villages of the user's area by name, best matches first (the header's search box)."""
    found = ranked_large(village_list(user), "name", query, limit, keyed=True)
    return [
        Hit(
            str(v),
            f"ต.{v.subdistrict.name_th} อ.{v.district.name_th} จ.{v.province.name_th}",
            v.get_absolute_url(),
        )
        for v in found
    ]
