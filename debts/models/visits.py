"""Follow-up visits and focus groups at a centre (seed 004): who came and when, the answers to
the seed's 11 follow-up questions, the model household that presented, the findings, the actions
agreed with their due dates (followed up at the next visit) and the photos."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cddfund.closing import ClosedPeriodGuard
from cddfund.photos import PhotoRecord
from cddfund.scope import AreaScoped
from cddfund.tracking import tracked
from debts.models.households import Household
from institutes.models import Centre

# ประเด็นการติดตามสนับสนุนการบริหารจัดการหนี้ของศูนย์จัดการกองทุนชุมชน (seed 004, 1-11).
QUESTIONS = (
    _("ที่มาของคณะกรรมการศูนย์จัดการกองทุนชุมชน (ผู้แทนทุกกลุ่ม ผู้ทรงคุณวุฒิ คำสั่งแต่งตั้งที่เป็นปัจจุบัน)"),
    _("การวิเคราะห์ข้อมูลลูกหนี้และจัดประเภทลูกหนี้ตามหลักเกณฑ์ของคณะกรรมการ"),
    _("กระบวนการปรับโครงสร้างหนี้ (เจรจาระหว่างลูกหนี้กับเจ้าหนี้ ลดดอกเบี้ย ยืดระยะเวลา)"),
    _("การจัดทำแผนปฏิบัติการประจำปี และการปฏิบัติตามแผนมากกว่าร้อยละ 30"),
    _("การบริหารจัดการหนี้ (ปรับเปลี่ยนสัญญา เมนูทางเลือกให้ลูกหนี้แต่ละราย)"),
    _("แผนการสนับสนุนครัวเรือนเป้าหมาย (อบรมวินัยทางการเงิน บัญชีครัวเรือน ส่งเสริมอาชีพ)"),
    _("กิจกรรมของศูนย์จัดการกองทุนชุมชน (1 ครัวเรือน 1 สัญญา บูรณาการกองทุน สวัสดิการชุมชน)"),
    _("การมีส่วนร่วมของสมาชิกในกิจกรรมของศูนย์"),
    _("การส่งเสริมอาชีพครัวเรือนเป้าหมาย (ต่อยอดอาชีพเดิมหรือเกิดอาชีพใหม่)"),
    _("การบริหารจัดการหนี้ (ลดหนี้) ของครัวเรือนเป้าหมาย ดำเนินการอย่างไร"),
    _("การเป็นศูนย์จัดการกองทุนชุมชนต้นแบบโดยยึดหลักธรรมาภิบาล"),
)


class VisitKind(models.TextChoices):
    VISIT = "visit", _("ลงพื้นที่ติดตามสนับสนุน")
    FOCUS = "focus", _("สนทนากลุ่ม (Focus group)")


class VisitLevel(models.TextChoices):
    CENTRAL = "central", _("กรมการพัฒนาชุมชน")
    PROVINCE = "province", _("สำนักงานพัฒนาชุมชนจังหวัด")
    DISTRICT = "district", _("สำนักงานพัฒนาชุมชนอำเภอ")


@tracked()
class FollowUpVisit(AreaScoped):
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="visits", verbose_name=_("ศูนย์")
    )
    visited_on = models.DateField(_("วันที่ติดตาม"))
    kind = models.CharField(_("รูปแบบ"), max_length=10, choices=VisitKind.choices)
    level = models.CharField(_("คณะติดตามจาก"), max_length=10, choices=VisitLevel.choices)
    team = models.CharField(_("คณะติดตาม (ชื่อ ตำแหน่ง)"), max_length=500)
    answers = models.JSONField(_("ผลการติดตามตามประเด็น 1-11"), default=dict, blank=True)
    model_household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ครัวเรือนต้นแบบที่นำเสนอ"),
    )
    model_story = models.TextField(_("ขั้นตอน/วิธีการที่ทำให้ครัวเรือนต้นแบบลดหนี้ได้"), blank=True)
    findings = models.TextField(_("ข้อค้นพบ ปัญหา อุปสรรค ข้อเสนอแนะ"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("การติดตามสนับสนุน")
        verbose_name_plural = _("การติดตามสนับสนุน")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=VisitKind.values), name="debts_visit_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(level__in=VisitLevel.values), name="debts_visit_level_valid"
            ),
        ]
        triggers = [ClosedPeriodGuard(dates=("visited_on",))]

    def __str__(self):
        return f"{self.centre} {self.visited_on}"

    @property
    def answered(self) -> list[tuple[int, str, str]]:
        """(number, question, answer) for each of the 11 questions."""
        return [
            (n, question, self.answers.get(str(n), ""))
            for n, question in enumerate(QUESTIONS, start=1)
        ]


@tracked()
class VisitAction(AreaScoped):
    """An action agreed at a visit, with its due date; the next visit says whether it was done."""

    visit = models.ForeignKey(FollowUpVisit, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(_("สิ่งที่ตกลงจะดำเนินการ"), max_length=300)
    who = models.CharField(_("ผู้รับผิดชอบ"), max_length=200)
    due = models.DateField(_("กำหนดเสร็จ"))
    done_on = models.DateField(_("ดำเนินการแล้วเมื่อ"), null=True, blank=True)
    checked_at = models.ForeignKey(
        FollowUpVisit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checked_actions",
        verbose_name=_("ติดตามผลในการติดตามครั้ง"),
    )
    check_note = models.CharField(_("ผลการติดตาม"), max_length=300, blank=True)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("ข้อตกลงจากการติดตาม")
        verbose_name_plural = _("ข้อตกลงจากการติดตาม")

    def __str__(self):
        return self.action


@tracked()
class VisitPhoto(PhotoRecord):
    visit = models.ForeignKey(FollowUpVisit, on_delete=models.CASCADE, related_name="photos")

    class Meta(PhotoRecord.Meta):
        verbose_name = _("รูปภาพการติดตาม")
        verbose_name_plural = _("รูปภาพการติดตาม")

    def __str__(self):
        return self.caption or str(self.visit)


__all__ = [
    "QUESTIONS",
    "FollowUpVisit",
    "VisitAction",
    "VisitKind",
    "VisitLevel",
    "VisitPhoto",
]
