"""Score and level, computed from the set's own rules (points per criterion, level thresholds)."""

from dataclasses import dataclass
from decimal import Decimal

from cddfund import thai


@dataclass
class AreaScore:
    area: object
    score: int
    max_score: int


@dataclass
class Result:
    areas: list[AreaScore]
    score: int
    max_score: int
    percent: Decimal
    level: object | None


def compute(indicator_set, chosen: dict[int, int]) -> Result:
    """``chosen`` maps indicator id → points of the picked criterion (missing = 0).

    Each indicator's full marks are its highest criterion; the level is the highest one whose
    minimum percentage the total reaches.
    """
    areas = []
    for area in indicator_set.areas.all():
        indicators = list(area.indicators.all())
        areas.append(
            AreaScore(
                area,
                sum(chosen.get(i.pk, 0) for i in indicators),
                sum(max((c.points for c in i.criteria.all()), default=0) for i in indicators),
            )
        )
    score = sum(a.score for a in areas)
    max_score = sum(a.max_score for a in areas)
    percent = thai.percent(score, max_score) if max_score else Decimal(0)
    levels = sorted(indicator_set.levels.all(), key=lambda lv: lv.min_percent, reverse=True)
    level = next((lv for lv in levels if percent >= lv.min_percent), None)
    return Result(areas, score, max_score, percent, level)
