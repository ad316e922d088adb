import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cddfund import thai
from cddfund.tables import KEY
from debts.models import Household


class HouseholdTable(tables.Table):
    # Paged without counting: the template shows the page number, not a total.
    lazy_count = True

    # On a phone each row is a card: the columns marked KEY first, the rest folded.
    head_name = tables.Column(linkify=True, verbose_name=_("หัวหน้าครัวเรือน"))
    house_number = tables.Column(verbose_name=_("บ้านเลขที่"))
    village = tables.Column(verbose_name=_("หมู่บ้าน"), order_by=("village__moo",))
    district = tables.Column(verbose_name=_("อำเภอ"), order_by=("district__name_th",))
    debtor_class = tables.Column(verbose_name=_("ประเภทลูกหนี้"), default="-")
    contracts = tables.Column(
        accessor="active_contracts",
        verbose_name=_("สัญญา (ฐาน → ปัจจุบัน)"),
        attrs={"td": {"class": "num", **KEY}},
    )
    outstanding = tables.Column(
        verbose_name=_("หนี้คงค้าง (ฐาน → ปัจจุบัน)"), attrs={"td": {"class": "num", **KEY}}
    )
    standing = tables.Column(
        accessor="pk", verbose_name=_("สถานะ"), orderable=False, attrs={"td": KEY}
    )

    class Meta:
        model = Household
        fields = ["head_name", "house_number", "village", "district", "debtor_class"]
        sequence = [
            "head_name",
            "house_number",
            "village",
            "district",
            "debtor_class",
            "contracts",
            "outstanding",
            "standing",
        ]
        order_by = ("id",)
        empty_text = _("ไม่พบครัวเรือนตามเงื่อนไขนี้")

    def render_contracts(self, record):
        if not record.surveyed:
            return "-"
        return f"{record.baseline_contracts} → {record.active_contracts}"

    def render_outstanding(self, record):
        if not record.surveyed:
            return "-"
        return (
            f"{thai.format_number(record.baseline_outstanding)} → "
            f"{thai.format_number(record.outstanding)}"
        )

    def render_standing(self, record):
        if not record.surveyed:
            return _("ยังไม่สำรวจ")
        parts = []
        if record.reached_one_contract:
            parts.append(str(_("1 สัญญา") if record.active_contracts else _("0 สัญญา")))
        if record.cleared:
            parts.append(str(_("ปลดหนี้")))
        elif record.reduced:
            parts.append(str(_("ลดหนี้")))
        return format_html("{}", " · ".join(parts) or "-")
