from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebtsConfig(AppConfig):
    name = "debts"
    verbose_name = _("การบริหารจัดการหนี้ครัวเรือน")
