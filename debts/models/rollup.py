"""The country's debt figures per district, counted every ten minutes by a job
(``debts/services/rollup.py``): what pages for the whole country read instead of testing every
household of the country on each visit. A district or province counts its own live."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cddfund.scope import AreaScoped

MONEY = {"max_digits": 16, "decimal_places": 2}
# The columns that hold ``figures.period_counts`` of the fiscal year.
PERIOD_COUNTS = ("targets", "one", "none", "reduced", "cleared", "enrolled", "then")


class DistrictFigures(AreaScoped):
    """One district's figures as counted at ``counted_at`` (debts/figures.py defines each): its
    target households of ``fiscal_year`` and the two years before as of ``as_of``, the last day
    of a period that has ended but is not closed, or the day of the count (the KPI of any period
    of the year that is still running); on the rows of that day, also today's standing of its
    households (``surveyed``, ``reached``; 0 on a past day's rows)."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    as_of = models.DateField(_("ตัวเลข ณ วันที่"))
    counted_at = models.DateTimeField(_("นับเมื่อ"))
    surveyed = models.PositiveIntegerField(_("ครัวเรือนที่สำรวจหนี้แล้ว"))
    reached = models.PositiveIntegerField(_("ถึง 1 ครัวเรือน 1 สัญญา"))
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
                condition=Q(reached__lte=models.F("surveyed"))
                & Q(reduced__lte=models.F("targets"))
                & Q(cleared__lte=models.F("reduced")),
                name="debts_districtfigures_parts_within_whole",
            ),
        ]


__all__ = ["PERIOD_COUNTS", "DistrictFigures"]
