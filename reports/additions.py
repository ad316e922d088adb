"""What reports add to the shared pages (see ``cddfund.registry``): the menu entry, and the PDF
and Excel export of each register a centre's page shows."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment
from cddfund.registry import Link, registry
from institutes.models import Centre
from reports import dashboard, data
from reports.registers import REGISTER_REPORTS

registry.menu_entry(_("รายงาน"), "report_index", order=60)


def _active_centres(_year: int):
    return data.active_centres(Centre.objects.all())


def _levels_states(year: int):
    return data.levels_states(Assessment.objects.all(), year)


# What the levels summary of a province or of the country reads as last counted.
registry.tally(data.CENTRES_TALLY, _active_centres)
registry.tally(data.LEVELS_TALLY, _levels_states, columns=data.LEVELS_STATES)


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


def _evidence_pdf(*, centre, period, **_context):
    url = reverse("centre_evidence_pdf", args=[centre.pk]) + f"?{period.query}"
    return [Link(_("พิมพ์รายการหลักฐาน (PDF)"), url)]


def _evidence_area(*, province, period, **_context):
    query = f"?province={province.pk}&year={period.fiscal_year}&round={period.round or ''}"
    return [Link(_("แฟ้มหลักฐานของจังหวัด (PDF และ zip)"), reverse("evidence_export") + query)]


def _enrolment(*, target, **_context):
    return [Link(_("พิมพ์แบบบันทึกการเข้าร่วมโครงการ (PDF)"), reverse("enrolment_pdf", args=[target.pk]))]


def _visit(*, visit, **_context):
    return [Link(_("พิมพ์รายงานการติดตาม (PDF)"), reverse("visit_pdf", args=[visit.pk]))]


def _contract(*, event, **_context):
    if event.kind not in ("transfer", "consolidation"):
        return []
    return [Link(_("พิมพ์สัญญาการถ่ายโอนภาระหนี้สิน (PDF)"), reverse("contract_pdf", args=[event.pk]))]


registry.register_links("evidence", _evidence_pdf)
registry.register_links("evidence-area", _evidence_area)
registry.register_links("target", _enrolment)
registry.register_links("visit", _visit)
registry.register_links("event", _contract)

registry.work_list(dashboard.work)
