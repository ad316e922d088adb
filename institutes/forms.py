from django import forms
from django.utils.translation import gettext_lazy as _

from cddfund import thai
from cddfund.forms import RecordForm, ThaiDateField
from cddfund.models import Village
from institutes import selectors
from institutes.models import (
    FORUM_STEPS,
    Account,
    AccountRole,
    AppointmentOrder,
    BankAccount,
    BankStatement,
    BoardMember,
    CapitalReceipt,
    Centre,
    DepositKind,
    GroupLoan,
    IndividualMember,
    ManualKind,
    Meeting,
    MeetingKind,
    MemberDeposit,
    PlanActivity,
    ShareKind,
    SsgForum,
    VillageGroup,
    WelfareGrant,
)
from institutes.services.books import MANUAL_ROLES
from institutes.services.centres import CENTRE_FIELDS

MONEY_FIELD = {"max_digits": 14, "decimal_places": 2}


PAID_THROUGH = _("รับหรือจ่ายผ่าน")


def paid_through(centre, label=PAID_THROUGH):
    """The money account a record's money goes through: cash, or one of the centre's bank
    accounts (the service's ``via``)."""
    return forms.ModelChoiceField(
        label=label,
        queryset=BankAccount.objects.filter(centre=centre, is_active=True),
        required=False,
        empty_label=_("เงินสด"),
    )


def _money_input(field):
    field.widget.attrs.update({"inputmode": "decimal", "step": "0.01"})
    return field


class PaidThroughMixin:
    """Adds ``via`` (cash or a bank account of the centre) to a record form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["via"] = paid_through(self.centre)


class CentreForm(RecordForm):
    village = forms.ModelChoiceField(
        label=_("หมู่บ้าน"),
        queryset=Village.objects.none(),
        empty_label=_("- เลือก -"),
        error_messages={"invalid_choice": _("เลือกหมู่บ้านในพื้นที่ของคุณที่ยังไม่มีศูนย์ (หนึ่งหมู่บ้านมีได้หนึ่งศูนย์)")},
    )

    class Meta:
        model = Centre
        fields = ["village", *CENTRE_FIELDS]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A village has one centre: those that have one are not offered (the service still
        # refuses one, for a centre created elsewhere meanwhile).
        villages = Village.objects.visible_to(user).select_related("subdistrict")
        if not self.instance.pk:
            villages = villages.exclude(centres__isnull=False)
        self.fields["village"].queryset = villages
        self.fields["village"].label_from_instance = lambda v: f"{v} ต.{v.subdistrict.name_th}"
        village = self.instance.village_id if self.instance.pk else None
        self.fields["lead_group"].queryset = VillageGroup.objects.filter(village_id=village)
        self.fields["lead_group"].help_text = _("เลือกได้เมื่อบันทึกกลุ่มในหมู่บ้านแล้ว")
        self.fields["transition_step"].help_text = _("เฉพาะรูปแบบที่ 2-4")
        self.fields["budget_fiscal_year"].help_text = _("เฉพาะศูนย์ที่จัดตั้งด้วยงบประมาณกรมฯ เช่น 2555")
        if self.instance.pk:
            self.fields["village"].disabled = True


class BankAccountForm(RecordForm):
    class Meta:
        model = BankAccount
        fields = ["bank", "branch", "number", "name", "is_active"]


class VillageGroupForm(RecordForm):
    class Meta:
        model = VillageGroup
        fields = ["group_type", "name", "founded_on", "member_count", "capital"]


class JoinForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("กลุ่ม"), queryset=VillageGroup.objects.none(), empty_label=_("- เลือก -")
    )
    joined_on = ThaiDateField(label=_("วันที่เข้าเป็นสมาชิก"))

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = selectors.village_groups(centre)


class LeaveForm(forms.Form):
    left_on = ThaiDateField(label=_("วันที่ออก"))


class IndividualMemberForm(forms.Form):
    name = forms.CharField(label=_("ชื่อ-นามสกุล"), max_length=200)
    joined_on = ThaiDateField(label=_("วันที่เข้าเป็นสมาชิก"))


class MoveForm(forms.Form):
    """Step 2 of the move to model 1: the member group a person moves into."""

    group = forms.ModelChoiceField(
        label=_("ย้ายเข้ากลุ่ม"),
        queryset=VillageGroup.objects.none(),
        empty_label=_("- เลือก -"),
        help_text=_("กลุ่มเดิมของสมาชิก หรือกลุ่มเฉพาะกิจที่จัดตั้งให้ผู้ที่เหลือ (รับกลุ่มเข้าเป็นสมาชิกก่อน)"),
    )
    moved_on = ThaiDateField(label=_("วันที่ย้าย"))

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = selectors.member_groups(centre)


class ShareForm(forms.Form):
    kind = forms.ChoiceField(label=_("รายการ"), choices=ShareKind.choices)
    group = forms.ModelChoiceField(
        label=_("กลุ่มสมาชิก"), queryset=VillageGroup.objects.none(), empty_label=_("- เลือก -")
    )
    made_on = ThaiDateField(label=_("วันที่"))
    amount = forms.DecimalField(
        label=_("จำนวนเงิน (บาท)"), max_digits=14, decimal_places=2, min_value=0.01
    )
    receipt_no = forms.CharField(label=_("เลขที่ใบเสร็จ"), max_length=50, required=False)

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = selectors.member_groups(centre)
        self.fields["via"] = paid_through(centre)
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})
        if centre.share_price:
            self.fields["amount"].help_text = _("หุ้นละ %(price)s บาท") % {
                "price": centre.share_price
            }


class CapitalReceiptForm(PaidThroughMixin, RecordForm):
    class Meta:
        model = CapitalReceipt
        fields = ["source", "received_on", "amount", "giver", "reference"]


class AppointmentOrderForm(RecordForm):
    class Meta:
        model = AppointmentOrder
        fields = ["number", "issued_on", "signed_by", "signed_by_district_chief", "file"]


class BoardMemberForm(RecordForm):
    class Meta:
        model = BoardMember
        fields = ["name", "position", "part", "represents", "term_start", "term_end", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["represents"].queryset = selectors.village_groups(self.centre)
        self.fields["represents"].help_text = _("เฉพาะกรรมการส่วนที่ 1")
        self.fields["order"].queryset = self.centre.orders.all()


class MeetingForm(RecordForm):
    class Meta:
        model = Meeting
        fields = ["kind", "held_on", "attendance", "agenda", "minutes_file"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 3})}


class PlanActivityForm(RecordForm):
    class Meta:
        model = PlanActivity
        fields = ["fiscal_year", "title", "planned_month", "done_on", "note"]


class WelfareGrantForm(PaidThroughMixin, RecordForm):
    class Meta:
        model = WelfareGrant
        fields = ["fiscal_year", "category", "via_group", "people", "amount", "paid_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["via_group"].queryset = selectors.village_groups(self.centre)
        self.fields["paid_on"].required = True


class EntryForm(forms.Form):
    """A manual entry of the centre's books: money in, out, or between cash and the bank."""

    kind = forms.ChoiceField(label=_("ประเภทรายการ"), choices=ManualKind.choices)
    entry_on = ThaiDateField(label=_("วันที่"))
    money = forms.ModelChoiceField(
        label=_("เงินสด/บัญชีธนาคาร"), queryset=Account.objects.none(), empty_label=None
    )
    account = forms.ModelChoiceField(
        label=_("บัญชีคู่รายการ"),
        queryset=Account.objects.none(),
        empty_label=_("- เลือก -"),
        help_text=_("รายได้ ค่าใช้จ่าย เงินกู้จากแหล่งอื่น ยอดยกมา หรือ (เมื่อโอน) บัญชีปลายทาง"),
    )
    amount = _money_input(
        forms.DecimalField(label=_("จำนวนเงิน (บาท)"), min_value=0.01, **MONEY_FIELD)
    )
    description = forms.CharField(label=_("รายการ"), max_length=300)
    document_no = forms.CharField(label=_("เลขที่เอกสาร"), max_length=50, required=False)
    document = forms.FileField(label=_("เอกสารประกอบ (PDF, JPEG หรือ PNG)"), required=False)

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        books = centre.accounts.order_by("code")
        self.fields["money"].queryset = books.filter(role__in=MANUAL_ROLES[ManualKind.TRANSFER])
        roles = {role for roles in MANUAL_ROLES.values() for role in roles}
        self.fields["account"].queryset = books.filter(role__in=roles)


class AccountForm(forms.Form):
    role = forms.ChoiceField(
        label=_("หมวด"),
        choices=[
            (r, AccountRole(r).label) for r in (AccountRole.OTHER_INCOME, AccountRole.EXPENSE)
        ],
    )
    code = forms.CharField(label=_("รหัสบัญชี"), max_length=20, help_text=_("เช่น 5902"))
    name = forms.CharField(label=_("ชื่อบัญชี"), max_length=200)


class GroupLoanForm(RecordForm):
    class Meta:
        model = GroupLoan
        fields = [
            "group",
            "lent_on",
            "amount",
            "interest_rate",
            "term_months",
            "plan",
            "decision",
            "decision_no",
            "contract_no",
            "purpose",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = selectors.member_groups(self.centre)
        self.fields["decision"].queryset = self.centre.meetings.filter(
            kind=MeetingKind.BOARD
        ).order_by("-held_on")
        self.fields["decision"].help_text = _("บันทึกการประชุมคณะกรรมการที่มีมติให้กู้ไว้ก่อน")
        self.fields["decision"].label_from_instance = lambda meeting: (
            f"{thai.format_date(meeting.held_on)} {meeting.get_kind_display()}"
        )
        self.fields["via"] = paid_through(self.centre, _("จ่ายเงินกู้จาก"))
        _money_input(self.fields["amount"])


class RepaymentForm(forms.Form):
    paid_on = ThaiDateField(label=_("วันที่ชำระ"))
    principal = _money_input(forms.DecimalField(label=_("เงินต้น (บาท)"), min_value=0, **MONEY_FIELD))
    interest = _money_input(
        forms.DecimalField(label=_("ดอกเบี้ย (บาท)"), min_value=0, initial=0, **MONEY_FIELD)
    )
    receipt_no = forms.CharField(label=_("เลขที่ใบเสร็จ"), max_length=50, required=False)

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["via"] = paid_through(centre, _("รับชำระเข้า"))


class DepositForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("สมาชิกรายบุคคล"), queryset=IndividualMember.objects.none(), empty_label=_("- เลือก -")
    )
    kind = forms.ChoiceField(
        label=_("รายการ"),
        choices=[(k, DepositKind(k).label) for k in (DepositKind.DEPOSIT, DepositKind.WITHDRAWAL)],
    )
    made_on = ThaiDateField(label=_("วันที่"))
    amount = _money_input(
        forms.DecimalField(label=_("จำนวนเงิน (บาท)"), min_value=0.01, **MONEY_FIELD)
    )
    receipt_no = forms.CharField(label=_("เลขที่ใบเสร็จ"), max_length=50, required=False)

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = centre.individual_members.filter(left_on__isnull=True)
        self.fields["via"] = paid_through(centre)


class DepositMoveForm(forms.Form):
    made_on = ThaiDateField(label=_("วันที่ย้ายเงินฝาก"))
    savings = forms.ChoiceField(label=_("เป็นเงิน"), choices=MemberDeposit.Savings.choices)

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["via"] = paid_through(centre, _("จ่ายให้กลุ่มจาก"))


class BankStatementForm(RecordForm):
    class Meta:
        model = BankStatement
        fields = ["bank_account", "as_of", "balance", "document"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank_account"].queryset = self.centre.bank_accounts.all()
        _money_input(self.fields["balance"])


class SsgForumForm(RecordForm):
    class Meta:
        model = SsgForum
        fields = [
            "held_on",
            "participants",
            "participant_names",
            *(field for field, _label in FORUM_STEPS),
            "reported_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].widget.attrs["inputmode"] = "numeric"
        self.fields["participant_names"].widget.attrs["rows"] = 8


class ForumPhotoForm(forms.Form):
    image = forms.FileField(
        label=_("รูปภาพ (JPEG หรือ PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    caption = forms.CharField(label=_("คำอธิบายภาพ"), max_length=200, required=False)
