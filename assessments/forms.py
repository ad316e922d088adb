from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import MAX_REMIND_DAYS, PlanStatus
from cddfund.forms import ThaiDateField, text_of


class StartForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("ปีงบประมาณ"), min_value=2500, max_value=2700)


class SetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("ไฟล์ชุดตัวชี้วัด (YAML หรือ JSON)"),
        help_text=_("รูปแบบไฟล์ดูได้ใน README หัวข้อ Indicator sets"),
    )

    def clean_file(self):
        return text_of(
            self.cleaned_data["file"],
            limit=1024 * 1024,
            too_large=_("ไฟล์ชุดตัวชี้วัดต้องไม่เกิน 1 MB"),
        )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("เหตุผลที่เปิดให้แก้ไข"), max_length=500)


class DeadlineForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("ปีงบประมาณ"), min_value=2500, max_value=2700)
    district_due = ThaiDateField(label=_("อำเภอส่งจังหวัดภายใน"))
    province_due = ThaiDateField(label=_("จังหวัดส่งกรมฯ ภายใน"))
    remind_days = forms.IntegerField(
        label=_("แจ้งเตือนล่วงหน้า (วัน)"),
        min_value=0,
        max_value=MAX_REMIND_DAYS,
        help_text=_("อำเภอและจังหวัดที่ยังมีงานค้างจะได้รับการแจ้งเตือนก่อนถึงกำหนดส่งกี่วัน (0 = ไม่แจ้ง)"),
    )


class PlanItemForm(forms.Form):
    action = forms.CharField(label=_("สิ่งที่จะทำ"), max_length=500, required=False)
    who = forms.CharField(label=_("ผู้รับผิดชอบ"), max_length=200, required=False)
    due = ThaiDateField(label=_("กำหนดเสร็จ"), required=False)
    status = forms.ChoiceField(label=_("สถานะ"), choices=PlanStatus.choices)


class ProvinceSubmitForm(forms.Form):
    fiscal_year = forms.IntegerField(widget=forms.HiddenInput, min_value=2500, max_value=2700)
    note = forms.CharField(
        label=_("หมายเหตุศูนย์ที่ยังไม่ได้อนุมัติ (ถ้ามี)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
