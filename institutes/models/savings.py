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

from cddfund.photos import PhotoRecord
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
            models.Index(fields=["fiscal_year", "level", "district"], name="institutes_level_year"),
            models.Index(
                fields=["fiscal_year", "level", "province"], name="institutes_level_year_province"
            ),
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


# The forum's steps (seed 002, 4.1-4.6).
FORUM_STEPS = (
    ("step_objectives", _("4.1 ชี้แจงวัตถุประสงค์ของการจัดเวที")),
    ("step_review", _("4.2 ทบทวนผลการดำเนินงานของกลุ่ม (ระเบียบ คณะกรรมการ การจัดสรรผลประโยชน์)")),
    ("step_governance", _("4.3 ตรวจสอบปัจจุบันด้วยแบบประเมินตามหลักธรรมาภิบาล (4 ด้าน 21 ตัวชี้วัด)")),
    ("step_standard", _("4.4 มุ่งสู่อนาคตตามเกณฑ์มาตรฐาน SMART Saving Group (5 ด้าน 23 ตัวชี้วัด)")),
    ("step_accounts", _("4.5 การใช้โปรแกรมบัญชีกลุ่มออมทรัพย์ฯ ในระบบอิเล็กทรอนิกส์ของกรมฯ")),
    ("step_plan", _("4.6 จัดทำแผนการพัฒนาตามเกณฑ์ตัวชี้วัดที่ไม่ผ่านการประเมิน")),
)
FORUM_PARTICIPANTS = 15  # board members and members (seed 002, step 4)
REPORT_WITHIN_DAYS = 7  # the district reports to the province within a week (step 6)


@tracked()
class SsgForum(AreaScoped):
    """The forum (เวที) the district holds with a selected group in the third quarter."""

    selection = models.OneToOneField(
        SsgSelection, on_delete=models.PROTECT, related_name="forum", verbose_name=_("กลุ่มเป้าหมาย")
    )
    held_on = models.DateField(_("วันที่จัดเวที"))
    participants = models.PositiveSmallIntegerField(_("ผู้เข้าร่วม (คน)"))
    participant_names = models.TextField(_("รายชื่อผู้เข้าร่วม (บรรทัดละหนึ่งคน)"), blank=True)
    step_objectives = models.BooleanField(FORUM_STEPS[0][1], default=False)
    step_review = models.BooleanField(FORUM_STEPS[1][1], default=False)
    step_governance = models.BooleanField(FORUM_STEPS[2][1], default=False)
    step_standard = models.BooleanField(FORUM_STEPS[3][1], default=False)
    step_accounts = models.BooleanField(FORUM_STEPS[4][1], default=False)
    step_plan = models.BooleanField(FORUM_STEPS[5][1], default=False)
    reported_on = models.DateField(_("วันที่รายงานผลให้จังหวัด"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("เวทีพัฒนากลุ่มออมทรัพย์ฯ")
        verbose_name_plural = _("เวทีพัฒนากลุ่มออมทรัพย์ฯ")
        constraints = [
            models.CheckConstraint(
                condition=Q(participants__gte=1), name="institutes_ssgforum_participants"
            ),
            models.CheckConstraint(
                condition=Q(reported_on__isnull=True) | Q(reported_on__gte=models.F("held_on")),
                name="institutes_ssgforum_reported_after_held",
            ),
        ]

    def __str__(self):
        return f"{self.selection.group} {self.held_on}"


@tracked()
class ForumPhoto(PhotoRecord):
    forum = models.ForeignKey(SsgForum, on_delete=models.CASCADE, related_name="photos")

    class Meta(PhotoRecord.Meta):
        verbose_name = _("รูปภาพเวที")
        verbose_name_plural = _("รูปภาพเวที")

    def __str__(self):
        return self.caption or str(self.forum)


__all__ = [
    "FORUM_PARTICIPANTS",
    "FORUM_STEPS",
    "REPORT_WITHIN_DAYS",
    "SSG_TARGET_PER_PROVINCE",
    "ForumPhoto",
    "GroupLevel",
    "Level",
    "SsgForum",
    "SsgSelection",
]
