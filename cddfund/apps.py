from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CddfundConfig(AppConfig):
    name = "cddfund"
    verbose_name = _("ข้อมูลพื้นฐาน")

    def ready(self):
        from cddfund import registry

        registry.discover()
