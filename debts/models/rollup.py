"""Figures per district that pages read instead of testing every household of their area on
each visit: the debt figures, counted every ten minutes by a job (``debts/services/rollup.py``),
and today's counts of households, kept by the database itself on every write
(``HouseholdCounts``)."""

import pgtrigger
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cddfund.scope import AreaScoped
from debts import rules

MONEY = {"max_digits": 16, "decimal_places": 2}
# The columns that hold ``figures.period_counts`` of the fiscal year.
PERIOD_COUNTS = ("targets", "one", "none", "reduced", "cleared", "enrolled", "then")


class DistrictFigures(AreaScoped):
    """One district's figures as counted at ``counted_at`` (debts/figures.py defines each): its
    target households of ``fiscal_year`` and the two years before as of ``as_of``, the last day
    of a period that has ended but is not closed, or the day of the count (the KPI of any period
    of the year that is still running). Today's standing of its households is kept live instead
    (``HouseholdCounts``)."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    as_of = models.DateField(_("ตัวเลข ณ วันที่"))
    counted_at = models.DateTimeField(_("นับเมื่อ"))
    targets = models.PositiveIntegerField(_("ครัวเรือนเป้าหมาย"))
    one = models.PositiveIntegerField(_("1 สัญญา"))
    none = models.PositiveIntegerField(_("0 สัญญา"))
    reduced = models.PositiveIntegerField(_("ลดหนี้"))
    cleared = models.PositiveIntegerField(_("ปลดหนี้"))
    enrolled = models.DecimalField(_("หนี้เมื่อเข้าสู่การบริหารจัดการหนี้"), **MONEY)
    then = models.DecimalField(_("หนี้ ณ วันที่นับ"), **MONEY)
    # On the rows of a period that has ended: the oldest transaction the count could not see
    # (its snapshot's xmin). The next count recounts a district only if one of its households
    # was written since then (``Household.figures_xid``); the rows of the day carry none.
    counted_xmin = models.BigIntegerField(null=True, editable=False)

    class Meta:
        verbose_name = _("ตัวเลขหนี้ของอำเภอ")
        verbose_name_plural = _("ตัวเลขหนี้ของอำเภอ")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "fiscal_year", "as_of"], name="debts_districtfigures_once"
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                name="debts_districtfigures_fiscal_year_be",
            ),
            models.CheckConstraint(
                condition=Q(reduced__lte=models.F("targets")) & Q(cleared__lte=models.F("reduced")),
                name="debts_districtfigures_parts_within_whole",
            ),
        ]


# What ``HouseholdCounts`` keeps of each district's households: one rule of ``debts.rules`` each.
HOUSEHOLD_COUNTS = ("surveyed", "reached", "unclassified")


class HouseholdCounts(AreaScoped):
    """Today's households of a district surveyed, reached 1 household 1 contract and surveyed but
    not yet classified (``debts.rules``): the sums of the district's rows, as of the last write
    committed. The household table's triggers add a row for each statement that changes a
    district's counts, in the statement's transaction (``count_households``); a job folds each
    district's rows into one every ten minutes (``debts.services.rollup.household_counts_fold``).
    The home page reads its area's counts from a few rows per district, live, however many
    households the district has; writers only add rows, so no write waits for another (an
    import of a district's thousands of households, in one transaction, holds up no survey)."""

    surveyed = models.IntegerField(_("ครัวเรือนที่สำรวจหนี้แล้ว"), default=0)
    reached = models.IntegerField(_("ถึง 1 ครัวเรือน 1 สัญญา"), default=0)
    unclassified = models.IntegerField(_("สำรวจแล้วแต่ยังไม่จัดประเภทลูกหนี้"), default=0)

    class Meta:
        verbose_name = _("จำนวนครัวเรือนของอำเภอ")
        verbose_name_plural = _("จำนวนครัวเรือนของอำเภอ")

    def __str__(self):
        return f"{self.district_id}: {self.surveyed}"


def count_households(*changes: tuple[str, str]) -> str:
    """SQL that adds to ``HouseholdCounts`` a row for each district whose counts the households
    of ``changes`` change: each a table of household rows (a trigger's transition table, or the
    household table itself) and its sign ("" to add, "-" to take away)."""
    parts = [
        "SELECT r.district_id, r.province_id, "
        + ", ".join(
            f"{sign}count(*) FILTER (WHERE {rules.sql(name, row='r')}) AS {name}"
            for name in HOUSEHOLD_COUNTS
        )
        + f" FROM {table} r GROUP BY r.district_id, r.province_id"
        for table, sign in changes
    ]
    return (
        f"INSERT INTO debts_householdcounts (district_id, province_id, "
        f"{', '.join(HOUSEHOLD_COUNTS)}) "
        f"SELECT d.district_id, min(d.province_id), {_sums('d')} "
        f"FROM ({' UNION ALL '.join(parts)}) d GROUP BY d.district_id HAVING {_changed('d')};"
    )


def _sums(alias: str) -> str:
    return ", ".join(f"sum({alias}.{name})::integer" for name in HOUSEHOLD_COUNTS)


def _changed(alias: str) -> str:
    return " OR ".join(f"sum({alias}.{name}) <> 0" for name in HOUSEHOLD_COUNTS)


# Each district's rows of ``HouseholdCounts`` folded into one, in one statement: a reader sees
# the rows before or the row after. A row added meanwhile, not yet seen, is left for the next.
FOLD_HOUSEHOLD_COUNTS = (
    "WITH many AS (SELECT district_id FROM debts_householdcounts GROUP BY district_id "
    "HAVING count(*) > 1), "
    "gone AS (DELETE FROM debts_householdcounts c USING many "
    "WHERE c.district_id = many.district_id RETURNING c.*) "
    f"INSERT INTO debts_householdcounts (district_id, province_id, {', '.join(HOUSEHOLD_COUNTS)}) "
    f"SELECT g.district_id, min(g.province_id), {_sums('g')} FROM gone g "
    f"GROUP BY g.district_id HAVING {_changed('g')}"
)


def household_count_triggers() -> list[pgtrigger.Trigger]:
    """The household table's triggers that keep ``HouseholdCounts``: after each statement that
    inserts, updates or deletes households, once however many rows it wrote."""
    sides = {
        "Insert": [("new", "")],
        "Update": [("new", ""), ("old", "-")],
        "Delete": [("old", "-")],
    }
    return [
        pgtrigger.Trigger(
            name=f"count_households_{operation.lower()}",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=getattr(pgtrigger, operation),
            referencing=pgtrigger.Referencing(**{side: f"{side}_rows" for side, _ in changes}),
            func=count_households(*[(f"{side}_rows", sign) for side, sign in changes])
            + " RETURN NULL;",
        )
        for operation, changes in sides.items()
    ]


__all__ = [
    "FOLD_HOUSEHOLD_COUNTS",
    "HOUSEHOLD_COUNTS",
    "PERIOD_COUNTS",
    "DistrictFigures",
    "HouseholdCounts",
    "count_households",
]
