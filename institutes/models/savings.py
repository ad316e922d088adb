"""Production savings groups toward the SMART Saving Group standard (seed 002).

- ``GroupLevel``: a savings group's development level (1-3) in a fiscal year, entered by the
  district or imported from Excel.
- ``SsgSelection``: a level-3 group chosen by the district or the province for the programme in
  a fiscal year (first those that lead a centre), with who chose it and when.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cddfund.scope import AreaScoped
from cddfund.tracking import tracked
from institutes.models.centres import VillageGroup

# The programme's national target (seed 002): 760 groups, 10 per province.
SSG_TARGET_PER_PROVINCE = 10


class Level(models.IntegerChoices):
    ONE = 1, _("ระดับ 1 (ต้องปรับปรุง)")
    TWO = 2, _("ระดับ 2 (ปานกลาง)")
    THREE = 3, _("ระดับ 3 (ดี)")


@tracked()
class GroupLevel(AreaScoped):
    group = models.ForeignKey(
        VillageGroup, on_delete=models.PROTECT, related_name="levels", verbose_name=_("กลุ่ม")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    level = models.PositiveSmallIntegerField(_("ระดับการพัฒนา"), choices=Level.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("ระดับการพัฒนากลุ่มออมทรัพย์")
        verbose_name_plural = _("ระดับการพัฒนากลุ่มออมทรัพย์")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "fiscal_year"], name="institutes_grouplevel_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=3), name="institutes_grouplevel_level_range"
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                name="institutes_grouplevel_year_range",
            ),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "level", "district"], name="institutes_level_year")
        ]

    def __str__(self):
        return f"{self.group} {self.fiscal_year}: {self.level}"


@tracked()
class SsgSelection(AreaScoped):
    group = models.ForeignKey(
        VillageGroup,
        on_delete=models.PROTECT,
        related_name="ssg_selections",
        verbose_name=_("กลุ่ม"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("คัดเลือกโดย"),
    )
    selected_at = models.DateTimeField(_("คัดเลือกเมื่อ"), auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year", "id"]
        verbose_name = _("กลุ่มเป้าหมาย SMART Saving Group")
        verbose_name_plural = _("กลุ่มเป้าหมาย SMART Saving Group")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "fiscal_year"], name="institutes_ssgselection_one_per_year"
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "province"], name="institutes_ssg_year")]

    def __str__(self):
        return f"{self.group} {self.fiscal_year}"


__all__ = ["SSG_TARGET_PER_PROVINCE", "GroupLevel", "Level", "SsgSelection"]
