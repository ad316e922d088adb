"""What the centres add to the shared pages (see ``cddfund.registry``)."""

from django.utils.translation import gettext_lazy as _

from cddfund.registry import registry
from institutes import dashboard, demo

registry.menu_entry(_("ศูนย์"), "centre_list", order=10)
registry.menu_entry(_("ตรวจบัญชีกับทะเบียน"), "books_reconciliation", order=15)
registry.menu_entry(_("กลุ่มออมทรัพย์ SSG"), "savings_groups", order=16)
for url_name, label in [
    ("centre_detail", _("ข้อมูลศูนย์")),
    ("centre_groups", _("กลุ่มในหมู่บ้าน")),
    ("centre_members", _("ทะเบียนสมาชิก")),
    ("centre_shares", _("ทะเบียนคุมเงินลงหุ้น")),
    ("centre_capital", _("ทุนดำเนินการ")),
    ("centre_board", _("คณะกรรมการ")),
    ("centre_meetings", _("การประชุม")),
    ("centre_plan", _("แผนปฏิบัติการ")),
    ("centre_welfare", _("สวัสดิการชุมชน")),
    ("centre_books", _("บัญชีของศูนย์")),
    ("centre_loans", _("เงินกู้ระหว่างกลุ่ม")),
    ("centre_deposits", _("เงินรับฝาก (บุคคล)")),
]:
    registry.centre_tab(url_name, label)
registry.home_cards(dashboard.cards)
registry.tally("centres", dashboard.centres_by_district)
registry.work_list(dashboard.work)
registry.finder(_("ศูนย์"), dashboard.find_centres, order=10)
registry.finder(_("กลุ่มในหมู่บ้าน"), dashboard.find_groups, order=30)
registry.demo_data(demo.seed)
registry.demo_data(demo.seed_books)
