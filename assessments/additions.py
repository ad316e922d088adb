"""What assessments add to the shared pages (see ``cddfund.registry``)."""

from django.utils.translation import gettext_lazy as _

from assessments import dashboard, demo, views
from cddfund.registry import registry
from cddfund.scope import Role

registry.menu_entry(_("การประเมิน"), "assessment_progress", order=40)
registry.menu_entry(_("รอตรวจ"), "assessment_queue", roles=[Role.PROVINCE], order=50)
registry.centre_tab("centre_assessments", _("ผลการประเมินระดับ"))
registry.page_section("ssg_selection", views.group_section)
registry.home_cards(dashboard.cards)
registry.tally("approved_{year}", dashboard.approved_by_district)
registry.work_list(dashboard.work)
registry.demo_data(demo.seed)
