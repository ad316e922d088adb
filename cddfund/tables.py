import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cddfund.models import User, Village
from cddfund.scope import can_manage_account

# A column's cells marked as key figures: on a phone a row is a card showing these (and the first
# column) first, the other columns folded behind a button that counts them (static/js/app.js).
KEY = {"data-key": ""}


class VillageTable(tables.Table):
    moo = tables.Column(verbose_name=_("หมู่ที่"), attrs={"td": {"class": "num"}})
    name = tables.Column(linkify=True, verbose_name=_("ชื่อหมู่บ้าน"))
    subdistrict = tables.Column(verbose_name=_("ตำบล"), order_by="subdistrict__name_th")
    district = tables.Column(verbose_name=_("อำเภอ"), order_by="district__name_th")
    province = tables.Column(verbose_name=_("จังหวัด"), order_by="province__name_th")

    class Meta:
        model = Village
        fields = ["name", "moo", "subdistrict", "district", "province"]
        order_by = ("province", "district", "subdistrict", "moo")
        empty_text = _("ยังไม่มีหมู่บ้านในพื้นที่นี้")


class StaffTable(tables.Table):
    username = tables.Column(verbose_name=_("ชื่อผู้ใช้"))
    full_name = tables.Column(
        accessor="get_full_name", verbose_name=_("ชื่อ-นามสกุล"), orderable=False
    )
    role = tables.Column(verbose_name=_("บทบาท"))
    area = tables.Column(accessor="area_label", verbose_name=_("พื้นที่"), orderable=False)
    is_active = tables.BooleanColumn(verbose_name=_("ใช้งาน"))

    class Meta:
        model = User
        fields = ["username", "full_name", "role", "area", "is_active"]
        empty_text = _("ไม่พบบัญชีเจ้าหน้าที่")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def render_username(self, record, value):
        """A link only to the accounts the viewer may change (below their own level)."""
        if can_manage_account(self.user, record):
            return format_html(
                '<a href="{}">{}</a>', reverse("staff_edit", args=[record.pk]), value
            )
        return value
