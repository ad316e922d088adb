"""Savings groups toward the SMART Saving Group standard at national scale (seed 002).

Written by ``seed_national`` after the centres, with the same COPY writers: every savings group
of the country (those of the centres, and the villages' others) gets its development level in
the last and the current fiscal year; each province chooses 10 level-3 groups a year, those that
lead a centre first; last year's chosen groups held their forum in the third quarter and were
assessed with both instruments (most approved with a plan for every indicator not passed, some
still with the province); this year's have their governance assessment begun here and there.
"""

import datetime
from decimal import Decimal

from assessments.models import (
    Answer,
    Assessment,
    IndicatorSet,
    Instrument,
    PlanItem,
    Transition,
)
from cddfund.bulk import CopyWriter
from institutes.models import (
    SSG_TARGET_PER_PROVINCE,
    GroupLevel,
    SsgForum,
    SsgSelection,
    VillageGroup,
)
from institutes.services.savings import third_quarter

LEVEL_WEIGHTS = ((1, 0.25), (2, 0.45), (3, 0.30))
FOUNDED_BY = datetime.date(2022, 1, 1)


class Savings:
    def __init__(self, seeder):
        self.s = seeder
        self.random = seeder.random
        self.groups = CopyWriter(VillageGroup)
        self.levels = CopyWriter(GroupLevel)
        self.selections = CopyWriter(SsgSelection)
        self.forums = CopyWriter(SsgForum)
        self.assessments = CopyWriter(Assessment)
        self.answers = CopyWriter(Answer)
        self.plan = CopyWriter(PlanItem)
        self.transitions = CopyWriter(Transition)

    def run(self) -> None:
        sets = {
            instrument: IndicatorSet.objects.filter(instrument=instrument)
            .prefetch_related("areas__indicators__criteria", "levels")
            .order_by("-applies_from", "-id")
            .first()
            for instrument in (Instrument.GOVERNANCE, Instrument.STANDARD)
        }
        found = self._savings_groups()
        last, current = self.s.year - 1, self.s.year
        for year in (last, current):
            level_three = self._levels(found, year)
            for _province, groups in sorted(level_three.items()):
                chosen = sorted(groups, key=lambda g: (not g[3], self.random.random()))
                for group in chosen[:SSG_TARGET_PER_PROVINCE]:
                    self._choose(group, year, sets, held=year == last)
        self.s._done(
            self.groups,
            self.levels,
            self.selections,
            self.forums,
            self.assessments,
            self.answers,
            self.plan,
            self.transitions,
        )

    def _savings_groups(self) -> list[tuple[int, int, int, bool]]:
        """(group, province, district, leads a centre) for every savings group: the centres'
        own, and new ones in the villages until the country has ``savings_groups``."""
        found = []
        for _centre, province, district, _village, group_ids, _officer in self.s.centres:
            found.append((group_ids[0], province, district, True))  # the lead: a savings group
        extra = max(0, self.s.counts["savings_groups"] - len(found))
        villages = self.s.village_rows
        for k in range(extra):
            village, province, district = villages[k * len(villages) // max(extra, 1)]
            row = self.s.new(
                self.groups, VillageGroup, province_id=province, district_id=district,
                village_id=village, group_type="savings", name=f"กลุ่มออมทรัพย์ฯ หมู่บ้าน {k + 1}",
                founded_on=self.s.date_between(datetime.date(1995, 1, 1), FOUNDED_BY),
                member_count=self.random.randint(20, 400),
                capital=self.s.money(50_000, 5_000_000, 1000),
            )  # fmt: skip
            found.append((row["id"], province, district, False))
            self.groups.maybe_flush()
        return found

    def _levels(self, groups, year: int) -> dict[int, list]:
        """Every group's level in ``year``; the level-3 groups by province."""
        level_three: dict[int, list] = {}
        for group in groups:
            pk, province, district, leads = group
            officer = self.s.officer.get(district)
            if officer is None:
                continue
            level = 3 if leads and self.random.random() < 0.6 else self._level()
            self.s.new(
                self.levels, GroupLevel, province_id=province, district_id=district,
                group_id=pk, fiscal_year=year, level=level, recorded_by_id=officer,
                recorded_at=self.s.now,
            )  # fmt: skip
            self.levels.maybe_flush()
            if level == 3:
                level_three.setdefault(province, []).append(group)
        return level_three

    def _level(self) -> int:
        draw = self.random.random()
        for level, weight in LEVEL_WEIGHTS:
            if draw < weight:
                return level
            draw -= weight
        return LEVEL_WEIGHTS[-1][0]

    def _choose(self, group, year: int, sets: dict, *, held: bool) -> None:
        pk, province, district, _leads = group
        area = {"province_id": province, "district_id": district}
        officer = self.s.officer[district]
        reviewer = self.s.province_staff.get(province, officer)
        selection = self.s.new(
            self.selections, SsgSelection, **area, group_id=pk, fiscal_year=year,
            selected_by_id=reviewer, selected_at=self.s.now,
        )["id"]  # fmt: skip
        if not held:
            if self.random.random() < 0.3:
                self._assess(selection, area, year, sets[Instrument.GOVERNANCE], officer, None)
            return
        start, end = third_quarter(year)
        on = self.s.date_between(start, end)
        reported = on + datetime.timedelta(days=self.random.choice((3, 5, 6, 7, 9, 14)))
        self.s.new(
            self.forums, SsgForum, **area, selection_id=selection, held_on=on,
            participants=self.random.randint(12, 20), step_objectives=True, step_review=True,
            step_governance=True, step_standard=True, step_accounts=self.random.random() < 0.9,
            step_plan=True, reported_on=reported, recorded_by_id=officer, recorded_at=self.s.now,
        )  # fmt: skip
        for indicator_set in sets.values():
            state = "approved" if self.random.random() < 0.8 else "submitted"
            due = on + datetime.timedelta(days=90)
            self._assess(selection, area, year, indicator_set, officer, (state, reviewer, due))
        for writer in (self.selections, self.forums, self.assessments, self.answers, self.plan):
            writer.maybe_flush()

    def _assess(self, selection, area, year, indicator_set, officer, sent) -> None:
        """One instrument's assessment: a draft, or ``sent`` = (state, reviewer, plan due) with
        the plan of every indicator below full marks filled in."""
        pk = self.s.ids.take(Assessment)
        strength = self.random.uniform(0.5, 1.0)
        score = full = 0
        below = []
        for area_ in indicator_set.areas.all():
            for indicator in area_.indicators.all():
                criteria = sorted(indicator.criteria.all(), key=lambda c: c.points)
                top = criteria[-1].points
                chosen = criteria[-1] if self.random.random() < strength else criteria[0]
                score, full = score + chosen.points, full + top
                if chosen.points < top:
                    below.append(indicator.pk)
                self.s.new(
                    self.answers, Answer, **area, assessment_id=pk, indicator_id=indicator.pk,
                    criterion_id=chosen.pk,
                )  # fmt: skip
        percent = (Decimal(score * 100) / full).quantize(Decimal("0.01"))
        levels = sorted(indicator_set.levels.all(), key=lambda lv: lv.min_percent, reverse=True)
        level = next((lv.pk for lv in levels if percent >= lv.min_percent), None)
        state = sent[0] if sent else "draft"
        self.assessments.add(
            id=pk, **area, instrument=indicator_set.instrument, selection_id=selection,
            fiscal_year=year, indicator_set_id=indicator_set.pk, state=state, score=score,
            max_score=full, percent=percent, level_id=level, created_by_id=officer,
            created_at=self.s.now,
        )  # fmt: skip
        for indicator in below:
            values = {}
            if sent:
                values = {"action": "ปรับปรุงตามเกณฑ์", "who": "คณะกรรมการกลุ่ม", "due": sent[2]}
            self.s.new(
                self.plan, PlanItem, **area, assessment_id=pk, indicator_id=indicator, **values
            )
        if sent:
            moves = [("draft", "submitted", officer)]
            if state == "approved":
                moves.append(("submitted", "approved", sent[1]))
            for from_state, to_state, by in moves:
                self.s.new(
                    self.transitions, Transition, assessment_id=pk, from_state=from_state,
                    to_state=to_state, by_id=by, at=self.s.now,
                )  # fmt: skip
