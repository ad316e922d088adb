import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from cddfund.tables import KEY
from institutes.models import Centre


class CentreTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("ชื่อศูนย์"))
    village = tables.Column(verbose_name=_("หมู่บ้าน"), order_by=("village__name",), attrs={"td": KEY})
    subdistrict = tables.Column(
        accessor="village__subdistrict",
        verbose_name=_("ตำบล"),
        order_by="village__subdistrict__name_th",
    )
    district = tables.Column(verbose_name=_("อำเภอ"), order_by="district__name_th")
    province = tables.Column(verbose_name=_("จังหวัด"), order_by="province__name_th")
    operating_model = tables.Column(verbose_name=_("รูปแบบ"), attrs={"td": {"class": "num"}})
    member_count = tables.Column(verbose_name=_("กลุ่มสมาชิก"), attrs={"td": {"class": "num", **KEY}})
    status = tables.Column(verbose_name=_("สถานะ"), attrs={"td": KEY})

    class Meta:
        model = Centre
        fields = [
            "name",
            "village",
            "subdistrict",
            "district",
            "province",
            "operating_model",
            "member_count",
            "status",
        ]
        empty_text = _("ยังไม่มีศูนย์ในพื้นที่นี้")

    def render_operating_model(self, value, record):
        return record.operating_model
