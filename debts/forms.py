from django import forms
from django.utils.translation import gettext_lazy as _

from cddfund import thai
from cddfund.forms import NationalIDField, RecordForm, ThaiDateField
from debts.models import (
    QUESTIONS,
    DebtEvent,
    DebtorClass,
    DebtPlan,
    ExternalKind,
    FollowUpVisit,
    Household,
    LifePlan,
    Loan,
    OccupationSupport,
    PlanOption,
    TargetHousehold,
    Topic,
    TrainingCourse,
    VisitAction,
)
from institutes.models import Meeting, VillageGroup

HOUSEHOLD_DEFINITION = _(
    "ครัวเรือน คือ ครอบครัวเดี่ยว (พ่อ แม่ ลูก ตามกฎหมาย สายเลือด หรือบุญธรรม) ที่อยู่ในบ้านหลังเดียวกัน "
    "หรือคนโสดที่แยกอยู่และมีอาชีพของตนเอง บ้านหลังเดียวที่มี 3 ครอบครัว นับเป็น 3 ครัวเรือน"
)


class HouseholdForm(RecordForm):
    head_national_id = NationalIDField(label=_("เลขประจำตัวประชาชนหัวหน้าครัวเรือน"))
    duplicate_confirmed = forms.BooleanField(
        label=_("ยืนยันว่าไม่ใช่ครัวเรือนเดียวกับที่ระบบเตือน"), required=False
    )

    class Meta:
        model = Household
        fields = ["house_number", "head_name", "head_national_id", "members", "phone"]


NOT_FOUND_IN_SCOPE = _("ไม่พบครัวเรือนที่หัวหน้าครัวเรือนมีเลขประจำตัวนี้ในพื้นที่ของคุณ")


class HouseholdFindForm(forms.Form):
    """A household by its head's whole ID, sent by POST so that the number stays out of URLs."""

    national_id = NationalIDField(label=_("ค้นหาด้วยเลขประจำตัวประชาชน (13 หลัก)"))


class LoanForm(forms.Form):
    """One loan found by a survey."""

    creditor_group = forms.ModelChoiceField(
        label=_("เจ้าหนี้: กลุ่มในหมู่บ้าน"),
        queryset=VillageGroup.objects.none(),
        required=False,
        empty_label=_("- ไม่ใช่กลุ่มในหมู่บ้าน -"),
    )
    external_kind = forms.ChoiceField(
        label=_("หรือเจ้าหนี้นอกหมู่บ้าน"),
        choices=[("", "-"), *ExternalKind.choices],
        required=False,
        help_text=_("หนี้ธนาคารบันทึกไว้ประกอบ แต่ไม่นับในตัวชี้วัด 1 ครัวเรือน 1 สัญญา"),
    )
    external_name = forms.CharField(label=_("ชื่อสถาบันการเงิน"), max_length=200, required=False)
    contract_no = forms.CharField(label=_("เลขที่สัญญา"), max_length=50)
    borrower = forms.CharField(
        label=_("ผู้กู้"), max_length=200, required=False, help_text=_("เว้นว่าง = หัวหน้าครัวเรือน")
    )
    contract_date = ThaiDateField(label=_("วันที่ทำสัญญา"))
    principal = forms.DecimalField(label=_("เงินต้น (บาท)"), max_digits=14, decimal_places=2)
    outstanding = forms.DecimalField(label=_("หนี้คงค้าง (บาท)"), max_digits=14, decimal_places=2)
    interest_rate = forms.DecimalField(label=_("ดอกเบี้ย (% ต่อปี)"), max_digits=5, decimal_places=2)
    term_months = forms.IntegerField(label=_("ระยะเวลา (เดือน)"), min_value=1, max_value=600)
    months_in_arrears = forms.IntegerField(
        label=_("ค้างชำระ (เดือน)"), min_value=0, max_value=600, required=False
    )
    purpose = forms.CharField(label=_("วัตถุประสงค์"), max_length=200, required=False)

    def __init__(self, *args, village, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["creditor_group"].queryset = VillageGroup.objects.filter(village=village)


class LoanFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": _("บันทึกได้ไม่เกิน %(num)d สัญญาต่อการสำรวจหนึ่งครั้ง"),
    }

    def __init__(self, *args, village, **kwargs):
        self.village = village
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"village": self.village}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            village=self.village,
        )
        self.add_fields(form, None)
        return form


# Three rows to start with; "+ เพิ่มสัญญา" adds rows up to MAX_LOANS (a household with many loans
# is surveyed in one baseline).
MAX_LOANS = 30
LoanFormSetFactory = forms.formset_factory(
    LoanForm, formset=LoanFormSet, extra=3, max_num=MAX_LOANS, validate_max=True
)


class SurveyForm(forms.Form):
    surveyed_on = ThaiDateField(label=_("วันที่สำรวจ"))
    note = forms.CharField(label=_("หมายเหตุ"), max_length=300, required=False)


class DebtorClassForm(RecordForm):
    class Meta:
        model = DebtorClass
        fields = ["name", "order", "description", "arrears_from", "arrears_to"]


class ClassifyForm(forms.Form):
    debtor_class = forms.ModelChoiceField(
        label=_("ประเภทลูกหนี้"), queryset=DebtorClass.objects.none(), empty_label=_("- เลือก -")
    )
    note = forms.CharField(label=_("เหตุผล"), max_length=300, required=False)

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["debtor_class"].queryset = centre.debtor_classes.order_by("order")


class TargetForm(RecordForm):
    class Meta:
        model = TargetHousehold
        fields = ["fiscal_year", "enrolled_on", "reason", "enrolment_form"]


class StepForm(forms.Form):
    """What every restructuring step records besides its own numbers."""

    occurred_on = ThaiDateField(label=_("วันที่"))
    reason = forms.CharField(label=_("เหตุผล"), max_length=300, required=False)
    decision_ref = forms.CharField(label=_("อ้างอิงมติคณะกรรมการ"), max_length=100, required=False)

    def __init__(self, *args, household, **kwargs):
        self.household = household
        super().__init__(*args, **kwargs)
        active = household.loans.filter(status="active").select_related("creditor_group")
        for name in ("loan", "loans"):
            if name in self.fields:
                self.fields[name].queryset = active
                self.fields[name].label_from_instance = lambda loan: (
                    f"{loan.contract_no} · {loan.creditor_name} · คงค้าง {loan.outstanding:,.2f}"
                )
        if "to_group" in self.fields:
            self.fields["to_group"].queryset = VillageGroup.objects.filter(
                village_id=household.village_id
            )


def _loan():
    return forms.ModelChoiceField(
        label=_("สัญญา"), queryset=Loan.objects.none(), empty_label=_("- เลือก -")
    )


def _money(label):
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2)


class RepayForm(StepForm):
    loan = _loan()
    amount = _money(_("จำนวนเงินที่ชำระ (บาท)"))


class WriteOffForm(StepForm):
    loan = _loan()
    amount = _money(_("จำนวนเงินที่ตัดหนี้สูญ (บาท)"))


class ChangeTermsForm(StepForm):
    loan = _loan()
    new_rate = forms.DecimalField(label=_("อัตราดอกเบี้ยใหม่ (% ต่อปี)"), max_digits=5, decimal_places=2)
    new_term = forms.IntegerField(label=_("ระยะเวลาใหม่ (เดือน)"), min_value=1, max_value=600)


class TransferForm(StepForm):
    loan = _loan()
    to_group = forms.ModelChoiceField(
        label=_("โอนไปยังกลุ่ม"), queryset=VillageGroup.objects.none(), empty_label=_("- เลือก -")
    )
    amount = _money(_("จำนวนเงินที่โอน (บาท)"))
    contract_ref = forms.CharField(label=_("เลขที่สัญญาโอนภาระหนี้"), max_length=50)


class ConsolidateForm(StepForm):
    loans = forms.ModelMultipleChoiceField(
        label=_("สัญญาที่จะรวม"), queryset=Loan.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    to_group = forms.ModelChoiceField(
        label=_("รวมเป็นสัญญาใหม่กับกลุ่ม"),
        queryset=VillageGroup.objects.none(),
        empty_label=_("- เลือก -"),
    )
    contract_ref = forms.CharField(label=_("เลขที่สัญญาใหม่"), max_length=50)
    rate = forms.DecimalField(label=_("อัตราดอกเบี้ย (% ต่อปี)"), max_digits=5, decimal_places=2)
    term = forms.IntegerField(label=_("ระยะเวลา (เดือน)"), min_value=1, max_value=600)


class DocumentForm(forms.Form):
    document = forms.FileField(
        label=_("เอกสารประกอบ (ถ้ามี)"),
        required=False,
        help_text=_("PDF, JPEG หรือ PNG ไม่เกิน 10 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


# --- the debt-management programme (services/programme.py) ------------------------------------


class DebtPlanForm(RecordForm):
    class Meta:
        model = DebtPlan
        fields = ["analysis", "targets"]
        widgets = {"analysis": forms.Textarea(attrs={"rows": 6})}


class PlanOptionForm(RecordForm):
    debtor_class = forms.ModelChoiceField(
        label=_("ประเภทลูกหนี้"), queryset=DebtorClass.objects.none(), empty_label=_("- เลือก -")
    )

    class Meta:
        model = PlanOption
        fields = ["debtor_class", "kind", "description"]

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, centre=centre, **kwargs)
        self.fields["debtor_class"].queryset = centre.debtor_classes.order_by("order", "name")


class PlanApproveForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("การประชุมคณะกรรมการที่อนุมัติแผน"),
        queryset=Meeting.objects.none(),
        empty_label=_("- เลือก -"),
        error_messages={"invalid_choice": _("เลือกการประชุมคณะกรรมการของศูนย์ในช่วงที่กำหนด")},
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{thai.format_date(m.held_on)} {m.agenda[:60]}".strip()
        )


class TrainingCourseForm(RecordForm):
    topics = forms.MultipleChoiceField(
        label=_("หัวข้อที่อบรม"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = TrainingCourse
        fields = ["audience", "starts_on", "days", "venue", "trainers", "topics"]


class LifePlanForm(RecordForm):
    class Meta:
        model = LifePlan
        fields = ["made_on", "summary", "document"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class OccupationSupportForm(RecordForm):
    class Meta:
        model = OccupationSupport
        fields = ["given_on", "what", "given_by", "amount", "returned"]


class VisitForm(RecordForm):
    """A follow-up visit: the seed's 11 questions each get an answer field of their own."""

    class Meta:
        model = FollowUpVisit
        fields = [
            "visited_on",
            "kind",
            "level",
            "team",
            "model_household",
            "model_story",
            "findings",
        ]
        widgets = {
            "model_story": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, centre=centre, **kwargs)
        self.fields["model_household"] = forms.ModelChoiceField(
            label=_("ครัวเรือนต้นแบบที่นำเสนอ (ลดหนี้/ปลดหนี้ได้แล้ว)"),
            queryset=Household.objects.filter(centre=centre, enrolled_on__isnull=False).order_by(
                "house_number"
            ),
            required=False,
        )
        answers = (self.instance.answers or {}) if self.instance.pk else {}
        for n, question in enumerate(QUESTIONS, start=1):
            self.fields[f"answer_{n}"] = forms.CharField(
                label=f"{n}. {question}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answers.get(str(n), ""),
            )

    def answers(self) -> dict[int, str]:
        return {n: self.cleaned_data.get(f"answer_{n}", "") for n in range(1, len(QUESTIONS) + 1)}

    def visit_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if not k.startswith("answer_")}


class VisitActionForm(RecordForm):
    class Meta:
        model = VisitAction
        fields = ["action", "who", "due"]


class ActionCheckForm(forms.Form):
    done_on = ThaiDateField(label=_("ดำเนินการแล้วเมื่อ (เว้นว่างถ้ายังไม่ได้ทำ)"), required=False)
    note = forms.CharField(label=_("ผลการติดตาม"), max_length=300, required=False)


class VisitPhotoForm(forms.Form):
    image = forms.FileField(
        label=_("รูปภาพ (JPEG หรือ PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    caption = forms.CharField(label=_("คำอธิบายภาพ"), max_length=200, required=False)
    keep_location = forms.BooleanField(
        label=_("เก็บพิกัดสถานที่ถ่ายภาพไว้ด้วย (ปกติระบบลบข้อมูลแฝงในภาพทั้งหมด)"), required=False
    )


class EventEvidenceForm(RecordForm):
    class Meta:
        model = DebtEvent
        fields = ["decision_ref", "document"]
