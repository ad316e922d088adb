from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Excel import and export of the registers: above the apps whose records it writes
    (through their services), so no app below knows about it."""

    name = "imports"
    verbose_name = _("นำเข้าจาก Excel")

    def ready(self):
        from imports import centre_sheets, debt_sheets, money_sheets, savings_sheets  # noqa: F401
