"""What the Excel import adds to the shared pages (see ``cddfund.registry``)."""

from django.utils.translation import gettext_lazy as _

from cddfund.registry import registry
from cddfund.scope import Role
from imports import dashboard

registry.menu_entry(_("นำเข้า Excel"), "import_index", roles=[Role.DISTRICT], order=80)

registry.work_list(dashboard.work)
