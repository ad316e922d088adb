"""What the core adds to the shared pages (see ``cddfund.registry``)."""

from django.utils.translation import gettext_lazy as _

from cddfund import dashboard, demo, selectors
from cddfund.registry import registry
from cddfund.scope import Role

registry.menu_entry(_("หน้าหลัก"), "home", order=0)
registry.menu_entry(_("หมู่บ้าน"), "village_list", order=70)
registry.menu_entry(_("บัญชีเจ้าหน้าที่"), "staff_list", roles=[Role.CENTRAL, Role.ADMIN], order=90)
registry.menu_entry(_("ผู้ดูแลระบบ"), "admin:index", roles=[Role.ADMIN], order=100)
registry.home_cards(dashboard.cards)
registry.tally("villages", dashboard.villages_by_district)
registry.finder(_("หมู่บ้าน"), selectors.village_search, order=20)
registry.demo_data(demo.seed)
