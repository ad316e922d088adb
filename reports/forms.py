from django import forms
from django.utils.translation import gettext_lazy as _

from cddfund.models import Province
from cddfund.scope import scope_of
from reports import verification
from reports.registers import ALL, REGISTER_REPORTS


class AreaRegistersForm(forms.Form):
    """The registers of every centre in a province (or in the user's own district)."""

    register = forms.ChoiceField(
        label=_("ทะเบียน"),
        choices=[(ALL, _("ทุกทะเบียน (แยกแผ่นงาน/หน้า)"))]
        + [(r.slug, r.title) for r in REGISTER_REPORTS.values()],
    )
    province = forms.ModelChoiceField(
        label=_("จังหวัด"),
        queryset=Province.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("เลือกจังหวัดในพื้นที่ที่คุณรับผิดชอบ")},
    )
    extension = forms.ChoiceField(label=_("รูปแบบไฟล์"), choices=[("xlsx", "Excel"), ("pdf", "PDF")])
    year = forms.IntegerField(
        label=_("ปีงบประมาณ"),
        min_value=2500,
        max_value=2700,
        error_messages={
            "min_value": _("ปีงบประมาณเป็นปีพุทธศักราช เช่น 2568"),
            "max_value": _("ปีงบประมาณเป็นปีพุทธศักราช เช่น 2568"),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["province"].queryset = Province.objects.visible_to(user).order_by("name_th")
        if scope_of(user).province_id:
            self.fields["province"].initial = scope_of(user).province_id


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผลที่ต้องเปิดงวด"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("บันทึกไว้ในประวัติการปิดงวด ตัวเลขที่ปิดไว้เดิมยังเก็บเป็นฉบับที่ผ่านมา"),
    )


FILE_TOO_LARGE = _("ไฟล์ใหญ่เกิน 20 MB: ระบบไม่เคยออกรายงานขนาดนี้")


class VerifyForm(forms.Form):
    """A printout's code, or the file itself (checked byte for byte)."""

    code = forms.CharField(label=_("รหัสตรวจสอบ"), max_length=40, required=False)
    file = forms.FileField(
        label=_("หรือเลือกไฟล์ PDF/Excel ที่ได้รับ"),
        required=False,
        help_text=_("ระบบตรวจว่าไฟล์ตรงกับที่ระบบออกทุกไบต์ ไม่เปิดอ่านเนื้อหาไฟล์"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is not None and upload.size > verification.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(FILE_TOO_LARGE)
        return upload


class SsgBpmForm(forms.Form):
    """The province (within the user's area) and fiscal year of a BPM summary."""

    year = forms.IntegerField(
        label=_("ปีงบประมาณ"),
        min_value=2500,
        max_value=2700,
        error_messages={
            "min_value": _("ปีงบประมาณเป็นปีพุทธศักราช เช่น 2568"),
            "max_value": _("ปีงบประมาณเป็นปีพุทธศักราช เช่น 2568"),
        },
    )
    province = forms.ModelChoiceField(
        label=_("จังหวัด"),
        queryset=Province.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("เลือกจังหวัดในพื้นที่ที่คุณรับผิดชอบ")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.visible_to(user).order_by("name_th")
        if scope_of(user).province_id:
            self.fields["province"].initial = scope_of(user).province_id


class EvidenceExportForm(forms.Form):
    """The province (within the user's area), the period and the kind of file of an evidence
    export."""

    province = forms.ModelChoiceField(
        label=_("จังหวัด"),
        queryset=Province.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("เลือกจังหวัดในพื้นที่ที่คุณรับผิดชอบ")},
    )
    year = forms.IntegerField(
        label=_("ปีงบประมาณ"),
        min_value=2500,
        max_value=2700,
        error_messages={
            "min_value": _("ปีงบประมาณเป็นปีพุทธศักราช เช่น 2568"),
            "max_value": _("ปีงบประมาณเป็นปีพุทธศักราช เช่น 2568"),
        },
    )
    round = forms.ChoiceField(
        label=_("รอบ"),
        choices=[("", _("ทั้งปี")), ("1", _("รอบที่ 1")), ("2", _("รอบที่ 2"))],
        required=False,
    )
    extension = forms.ChoiceField(
        label=_("ไฟล์"),
        choices=[
            ("pdf", _("PDF รายการหลักฐานของทุกศูนย์ (แยกตามศูนย์)")),
            ("zip", _("zip เอกสารที่แนบไว้ทั้งหมด")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.visible_to(user).order_by("name_th")
        if scope_of(user).province_id:
            self.fields["province"].initial = scope_of(user).province_id
