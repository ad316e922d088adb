"""The tabs of a centre's page. Apps that keep more registers per centre add theirs with
``add_tab`` from their AppConfig.ready(), so this app never imports them."""

from django.utils.translation import gettext_lazy as _

TABS = [
    ("centre_detail", _("ข้อมูลศูนย์")),
    ("centre_groups", _("กลุ่มในหมู่บ้าน")),
    ("centre_members", _("ทะเบียนสมาชิก")),
    ("centre_shares", _("ทะเบียนคุมเงินลงหุ้น")),
    ("centre_capital", _("ทุนดำเนินการ")),
    ("centre_board", _("คณะกรรมการ")),
    ("centre_meetings", _("การประชุม")),
    ("centre_plan", _("แผนปฏิบัติการ")),
    ("centre_welfare", _("สวัสดิการชุมชน")),
]


def add_tab(url_name: str, label) -> None:
    if all(name != url_name for name, _label in TABS):
        TABS.append((url_name, label))
