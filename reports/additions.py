"""What reports add to the shared pages (see ``cddfund.registry``): the menu entry, and the PDF
and Excel export of each register a centre's page shows."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund.registry import Link, registry
from reports.registers import REGISTER_REPORTS

registry.menu_entry(_("รายงาน"), "report_index", order=60)


def _exports(register: str):
    def links(*, centre, year=None, **_context):
        query = f"?year={year}" if year else ""
        return [
            Link(label, reverse("centre_register", args=[centre.pk, register, ext]) + query)
            for label, ext in (("PDF", "pdf"), ("Excel", "xlsx"))
        ]

    return links


for slug in REGISTER_REPORTS:
    registry.register_links(slug, _exports(slug))


def _assessment_print(*, assessment, **_context):
    return [Link(_("พิมพ์แบบประเมิน (PDF)"), reverse("assessment_pdf", args=[assessment.pk]))]


registry.register_links("assessment", _assessment_print)
