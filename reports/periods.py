"""The periods central office closes: their state, and which can be closed now."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from cddfund import thai
from cddfund.models import PeriodClosing
from cddfund.periods import FIRST_ROUND, WHOLE_YEAR, Period
from cddfund.selectors import closings
from reports.snapshots import KEPT

YEARS_SHOWN = 4


@dataclass
class PeriodRow:
    period: Period
    closing: PeriodClosing | None  # in force
    history: list[PeriodClosing]  # reopened versions, newest first

    @property
    def can_close(self) -> bool:
        return self.closing is None and self.period.has_ended()

    @property
    def keeping(self) -> bool:
        """Closed, and its figures not all kept yet (``reports.services.period_close``)."""
        return self.closing is not None and _unkept(self.closing)


def _unkept(closed: PeriodClosing) -> bool:
    """Whether fewer of ``closed``'s reports are kept (``kept``: its snapshots, counted) than
    its round keeps."""
    return closed.kept < len(KEPT[closed.round])


def closings_unkept() -> list[PeriodClosing]:
    """The closings in force whose figures are not all kept (their job failed for good, or is
    still to run)."""
    found = closings().filter(reopened_at__isnull=True).annotate(kept=Count("snapshots"))
    return [c for c in found if _unkept(c)]


def period_rows(today=None) -> list[PeriodRow]:
    """Round 1 and the whole year (which closes round 2 with it) of the current fiscal year and
    the three before, newest first, with every closing of each and how many of its reports'
    figures are kept: one query."""
    current = thai.fiscal_year(today or timezone.localdate())
    years = range(current, current - YEARS_SHOWN, -1)
    found: dict[tuple[int, int], list[PeriodClosing]] = {}
    for closed in (
        closings()
        .filter(fiscal_year__in=list(years))
        .annotate(kept=Count("snapshots"))
        .order_by("-version")
    ):
        found.setdefault((closed.fiscal_year, closed.round), []).append(closed)
    rows = []
    for year in years:
        for round_ in (WHOLE_YEAR, FIRST_ROUND):
            versions = found.get((year, round_), [])
            in_force = next((c for c in versions if not c.is_reopened), None)
            rows.append(
                PeriodRow(Period(year, round_), in_force, [c for c in versions if c.is_reopened])
            )
    return rows
