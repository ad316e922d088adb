from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebtsConfig(AppConfig):
    name = "debts"
    verbose_name = _("การบริหารจัดการหนี้ครัวเรือน")

    def ready(self):
        from debts import imports  # noqa: F401  (registers the sheets it can import)
        from institutes.tabs import add_tab

        add_tab("centre_households", _("ครัวเรือนและหนี้"))
        add_tab("centre_one_contract", _("ทะเบียน 1 ครัวเรือน 1 สัญญา"))
        add_tab("centre_transfers", _("ทะเบียนการโอนภาระหนี้"))
        add_tab("centre_debtor_classes", _("ประเภทลูกหนี้"))
