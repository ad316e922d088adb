"""Form pieces every app uses: BE date input, national ID, scoped area pickers, log-in."""

import datetime

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cddfund import records, regions, thai
from cddfund.models import District, Province, Subdistrict, User, Village
from cddfund.scope import Role, roles_grantable_by

LOGIN_INVALID_ERROR = _("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง (ตัวพิมพ์เล็ก-ใหญ่มีผล)")
AREA_NOT_IN_PARENT_ERROR = _("%(child)s ที่เลือกไม่อยู่ใน%(parent)sที่เลือก")


class ThaiDateInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None):
        base = {
            "placeholder": str(thai.DATE_INPUT_HINT),
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "date-be",
            "maxlength": "16",
            "data-picker-label": _("เปิดปฏิทิน"),
        }
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return thai.format_date(value)
        return value


class ThaiDateField(forms.DateField):
    """A date typed in the Buddhist Era (dd/mm/yyyy); ``not_future`` refuses dates after today."""

    widget = ThaiDateInput

    def __init__(self, *, not_future: bool = False, **kwargs):
        self.not_future = not_future
        kwargs.setdefault("help_text", _("วัน/เดือน/ปี พ.ศ. เช่น 15/03/2567"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        return thai.parse_date(str(value))

    def validate(self, value):
        super().validate(value)
        today = timezone.localdate()
        if self.not_future and value and value > today:
            raise ValidationError(
                records.FUTURE_DATE, code="future", params={"today": thai.format_date(today)}
            )


class NationalIDField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 17)
        kwargs.setdefault("label", _("เลขประจำตัวประชาชน"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "placeholder": "x-xxxx-xxxxx-xx-x"})

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return thai.validate_national_id(value)


class AreaSelect(forms.Select):
    """A select of ``level`` (districts, subdistricts, villages) whose options app.js reloads
    from the area pickers' URL when the select ``parent`` (an element id) changes."""

    def __init__(self, *, parent: str | None = None, level: str | None = None, attrs=None):
        attrs = dict(attrs or {})
        if parent:
            attrs.update(
                {
                    "data-area-parent": parent,
                    "data-area-url": reverse_lazy("area_options", args=[level]),
                }
            )
        super().__init__(attrs)


class AreaFieldsMixin:
    """Dependent province → district → subdistrict (→ village) pickers limited to the user's scope.

    The options of each level are the children of the level above that the user may see. With
    JavaScript the child lists reload on change; without it the form still validates the chain.
    """

    area_levels: tuple[str, ...] = ("province", "district", "subdistrict")

    def setup_areas(self, user):
        self.user = user
        chain = {
            "province": (Province, None, None),
            "district": (District, "province", "districts"),
            "subdistrict": (Subdistrict, "district", "subdistricts"),
            "village": (Village, "subdistrict", "villages"),
        }
        labels = {
            "province": _("จังหวัด"),
            "district": _("อำเภอ"),
            "subdistrict": _("ตำบล"),
            "village": _("หมู่บ้าน"),
        }
        for level in self.area_levels:
            model, parent, options = chain[level]
            queryset = model.objects.visible_to(user)
            if model is not Village:
                queryset = queryset.filter(is_active=True)
            if parent:
                parent_value = self._area_value(parent)
                queryset = (
                    queryset.filter(**{f"{parent}_id": parent_value})
                    if parent_value
                    else queryset.none()
                )
            self.fields[level] = forms.ModelChoiceField(
                queryset=queryset,
                label=labels[level],
                widget=AreaSelect(parent=f"id_{parent}" if parent else None, level=options),
                empty_label=_("- เลือก -"),
            )
        scope = user.scope
        if scope.province_id and "province" in self.fields:
            self.fields["province"].initial = scope.province_id
        if scope.district_id and "district" in self.fields:
            self.fields["district"].initial = scope.district_id
            self.fields["district"].queryset = District.objects.filter(pk=scope.district_id)

    def _area_value(self, level):
        if self.is_bound:
            return self.data.get(self.add_prefix(level)) or None
        value = self.initial.get(level)
        if value is None:
            value = getattr(self.user.scope, f"{level}_id", None)
        return getattr(value, "pk", value)


class VillageForm(AreaFieldsMixin, forms.Form):
    moo = forms.IntegerField(label=_("หมู่ที่"), min_value=1, max_value=99)
    name = forms.CharField(
        label=_("ชื่อหมู่บ้าน"), max_length=150, help_text=_("เช่น บ้านโป่ง (ไม่ต้องพิมพ์คำว่าหมู่ที่)")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_areas(user)
        self.order_fields(["province", "district", "subdistrict", "moo", "name"])


class StaffForm(forms.Form):
    username = forms.RegexField(
        label=_("ชื่อผู้ใช้"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("ชื่อผู้ใช้ใช้ได้เฉพาะตัวอักษรอังกฤษ ตัวเลข และ . @ + - _")},
    )
    first_name = forms.CharField(label=_("ชื่อ"), max_length=150)
    last_name = forms.CharField(label=_("นามสกุล"), max_length=150)
    email = forms.EmailField(label=_("อีเมล"), required=False)
    position = forms.CharField(label=_("ตำแหน่ง"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("บทบาท"), choices=Role.choices)
    province = forms.ModelChoiceField(
        label=_("จังหวัด"),
        queryset=Province.objects.filter(is_active=True),
        required=False,
        empty_label=_("- เลือก -"),
    )
    district = forms.ModelChoiceField(
        label=_("อำเภอ"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("- เลือก -"),
        widget=AreaSelect(parent="id_province", level="districts"),
    )
    is_active = forms.BooleanField(label=_("เปิดใช้งาน"), required=False, initial=True)
    password = forms.CharField(
        label=_("รหัสผ่านเริ่มต้น"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("อย่างน้อย 8 ตัวอักษร ผู้ใช้ควรเปลี่ยนเมื่อเข้าระบบครั้งแรก"),
    )

    def __init__(self, *args, user: User, instance: User | None = None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (role, Role(role).label) for role in roles_grantable_by(user)
        ]
        province = self.data.get("province") if self.is_bound else self.initial.get("province")
        if province:
            self.fields["district"].queryset = District.objects.filter(
                province_id=getattr(province, "pk", province), is_active=True
            )
        if instance is None:
            self.fields["password"].required = True
        else:
            self.fields["username"].disabled = True
            self.fields["password"].label = _("ตั้งรหัสผ่านใหม่")
            self.fields["password"].help_text = _("เว้นว่างไว้ถ้าไม่เปลี่ยน")

    def clean(self):
        data = super().clean()
        district, province = data.get("district"), data.get("province")
        if district and province and district.province_id != province.pk:
            self.add_error(
                "district",
                AREA_NOT_IN_PARENT_ERROR % {"child": _("อำเภอ"), "parent": _("จังหวัด")},
            )
        return data


DOCUMENT_ACCEPT = "application/pdf,image/jpeg,image/png"


def record_formfield(field: models.Field, **kwargs):
    """A model field's form field: dates typed in the Buddhist Era, documents as PDF, JPEG or
    PNG inputs."""
    if isinstance(field, models.DateField):
        return ThaiDateField(
            label=field.verbose_name, required=not field.blank, help_text=field.help_text or None
        )
    formfield = field.formfield(**kwargs)
    if isinstance(field, models.FileField):
        formfield.widget = forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT})
        formfield.help_text = _("PDF, JPEG หรือ PNG ไม่เกิน 10 MB")
    return formfield


class RecordFormMetaclass(forms.forms.DeclarativeFieldsMetaclass):
    """Adds the fields of ``Meta.model`` named in ``Meta.fields`` (in that order) to the fields
    the form declares itself; a declared field wins over the model's."""

    def __new__(mcs, name, bases, attrs):
        new = super().__new__(mcs, name, bases, attrs)
        meta = getattr(new, "Meta", None)
        if getattr(meta, "model", None) is not None:
            generated = forms.fields_for_model(
                meta.model,
                fields=meta.fields,
                widgets=getattr(meta, "widgets", None),
                formfield_callback=record_formfield,
            )
            declared = new.declared_fields
            ordered = {
                field: declared.get(field) or generated[field]
                for field in meta.fields
                if field in declared or generated.get(field) is not None
            }
            new.base_fields = {**ordered, **{k: v for k, v in declared.items() if k not in ordered}}
        return new


class RecordForm(forms.Form, metaclass=RecordFormMetaclass):
    """The form of a domain record: the fields of ``Meta.model`` named in ``Meta.fields``, its
    current values as initial data, and the parent it is recorded under (``centre``).

    It reads the input only: the service that saves the record validates it (``full_clean``
    and the domain's rules, each with its Thai message), so a record is validated once, in one
    place, whatever form, import or command the values came from."""

    class Meta:
        model = None
        fields = ()

    def __init__(self, data=None, files=None, *, instance=None, centre=None, **kwargs):
        self.centre = centre
        model = self.Meta.model
        self.instance = instance or (model() if model else None)
        initial = dict(kwargs.pop("initial", None) or {})
        if instance is not None:
            initial = {**forms.model_to_dict(instance, fields=self.Meta.fields), **initial}
        super().__init__(data, files, initial=initial, **kwargs)


class LoginForm(auth_forms.AuthenticationForm):
    """Django's log-in form with a Thai message; repeated failures are django-axes' to count
    (``cddfund.login``)."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": LOGIN_INVALID_ERROR,
    }


NOT_UTF8 = _("ไฟล์ต้องเป็นข้อความ UTF-8")


def text_of(upload, *, limit: int, too_large) -> str:
    """An uploaded text file (YAML, JSON) as text: its size checked before a byte is read."""
    if upload.size > limit:
        raise forms.ValidationError(too_large)
    try:
        return upload.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise forms.ValidationError(NOT_UTF8) from exc


class RegionsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("ไฟล์การแบ่งเขตตรวจราชการ (YAML)"),
        help_text=_("ดาวน์โหลดไฟล์ปัจจุบัน แก้ไข แล้วนำเข้าอีกครั้ง ทุกจังหวัดยกเว้นกรุงเทพมหานครต้องอยู่ในหนึ่งเขต"),
    )

    def clean_file(self):
        return text_of(
            self.cleaned_data["file"], limit=regions.MAX_BYTES, too_large=regions.TOO_LARGE
        )


class NotificationSettingsForm(forms.Form):
    email_notifications = forms.BooleanField(label=_("ส่งการแจ้งเตือนทางอีเมลด้วย"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, initial={"email_notifications": user.email_notifications}, **kwargs)
        field = self.fields["email_notifications"]
        if user.email:
            field.help_text = _("ส่งไปที่ %(email)s") % {"email": user.email}
        else:
            field.help_text = _(
                "บัญชีนี้ยังไม่มีอีเมล: ขอให้ผู้ดูแลบัญชีเจ้าหน้าที่เพิ่มอีเมลให้ก่อน จนกว่าจะมี การแจ้งเตือนจะแสดงในระบบเท่านั้น"
            )
