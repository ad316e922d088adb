"""What household debts add to the shared pages (see ``cddfund.registry``)."""

from django.utils.translation import gettext_lazy as _

from cddfund.registry import registry
from debts import dashboard, demo

registry.menu_entry(_("ครัวเรือน"), "household_list", order=20)
registry.menu_entry(_("ผลการจัดการหนี้"), "debt_kpi", order=30)
registry.centre_tab("centre_households", _("ครัวเรือนและหนี้"))
registry.centre_tab("centre_one_contract", _("ทะเบียน 1 ครัวเรือน 1 สัญญา"))
registry.centre_tab("centre_transfers", _("ทะเบียนการโอนภาระหนี้"))
registry.centre_tab("centre_debtor_classes", _("ประเภทลูกหนี้"))
registry.centre_tab("centre_debt_plan", _("แผนบริหารจัดการหนี้"))
registry.centre_tab("centre_visits", _("การติดตามสนับสนุน"))
registry.centre_tab("centre_evidence", _("หลักฐานตัวชี้วัด"))
registry.menu_entry(_("หลักฐานตัวชี้วัด"), "evidence_summary", order=35)
registry.home_cards(dashboard.cards)
registry.work_list(dashboard.work)
registry.finder(_("ครัวเรือน"), dashboard.find, order=40)
registry.demo_data(demo.seed)
