from django import forms
from django.utils.translation import gettext_lazy as _

from cddfund.forms import RecordForm, ThaiDateField
from cddfund.models import Village
from institutes import selectors
from institutes.models import (
    AppointmentOrder,
    BankAccount,
    BoardMember,
    CapitalReceipt,
    Centre,
    Meeting,
    PlanActivity,
    ShareKind,
    VillageGroup,
    WelfareGrant,
)
from institutes.services.centres import CENTRE_FIELDS


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
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})
        if centre.share_price:
            self.fields["amount"].help_text = _("หุ้นละ %(price)s บาท") % {
                "price": centre.share_price
            }


class CapitalReceiptForm(RecordForm):
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


class WelfareGrantForm(RecordForm):
    class Meta:
        model = WelfareGrant
        fields = ["fiscal_year", "category", "via_group", "people", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["via_group"].queryset = selectors.village_groups(self.centre)
