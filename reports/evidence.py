"""The KPI's evidence file as files (seed 004): a centre's checklist as PDF, a province's whole
file as one PDF bound centre by centre, and one zip of the documents attached to it; and the
official forms officers used to fill by hand, printed pre-filled from the records: the enrolment
record, the debt-transfer contract and the report of a follow-up visit."""

import unicodedata
import zipfile
from pathlib import PurePosixPath

from django.utils import timezone

from cddfund import thai
from debts.selectors import evidence
from institutes.models import Centre
from reports import render as output

CHUNK = 1024 * 1024


def _context(user, **extra) -> dict:
    return {**output.context(None, user), **extra}


def centre_pdf(found: evidence.CentreFile, user, fonts: output.FontCache | None = None) -> bytes:
    return output.pdf_of("reports/evidence_pdf.html", _context(user, file=found), fonts=fonts)


def area_centres(user, province):
    centres = Centre.objects.visible_to(user).filter(status="active")
    if province is not None:
        centres = centres.filter(province=province)
    return centres.select_related("district", "village").order_by("district__name_th", "name")


def area_pdf(user, province, period, target, progress=None) -> int:
    """Every centre's file, each rendered on its own and bound in order (memory holds one centre
    at a time, ``render.bind``); returns the number of pages."""
    centres = list(area_centres(user, province))
    fonts = output.FontCache()

    def parts():
        for done, centre in enumerate(centres, start=1):
            yield centre_pdf(evidence.centre_file(centre, period), user, fonts)
            if progress:
                progress(done / len(centres))

    return output.bind(parts(), target)


def _safe(text: str) -> str:
    """A name that is safe as a part of a path in the zip: letters (Thai vowels and tone marks
    included), digits, spaces and a few marks; anything else (a slash, ..) becomes ``_``."""
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" or c in " -_()" else "_" for c in text)
    return kept.strip()[:80] or "_"


def area_zip(user, province, period, target, progress=None) -> int:
    """The documents attached to every centre's file, by district, centre and item, with what
    is still missing written beside them; returns the number of documents."""
    centres = list(area_centres(user, province))
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, centre in enumerate(centres, start=1):
            found = evidence.centre_file(centre, period)
            folder = PurePosixPath(_safe(centre.district.name_th), _safe(centre.name))
            lines = [f"{centre.name} {period.label}"]
            for item in found.items:
                for document in item.documents:
                    suffix = PurePosixPath(document.file.name).suffix
                    name = folder / f"{item.item.number:02d}" / f"{_safe(document.name)}{suffix}"
                    with document.file.open("rb") as source, archive.open(str(name), "w") as out:
                        while chunk := source.read(CHUNK):
                            out.write(chunk)
                    count += 1
                for missing in item.missing:
                    lines.append(f"{item.item.number}. {missing.text}")
            archive.writestr(str(folder / "ยังขาด.txt"), "\n".join(lines) + "\n")
            if progress:
                progress(done / len(centres))
    return count


# --- the forms printed pre-filled ----------------------------------------------------------


def enrolment_pdf(target, user) -> bytes:
    household = target.household
    return output.pdf_of(
        "reports/enrolment_pdf.html",
        _context(
            user,
            target=target,
            household=household,
            loans=household.loans.filter(status="active").select_related("creditor_group"),
            today=thai.format_date_long(timezone.localdate()),
        ),
    )


def contract_pdf(event, user) -> bytes:
    movements = event.movements.select_related("loan__creditor_group").order_by("amount", "id")
    return output.pdf_of(
        "reports/transfer_contract_pdf.html",
        _context(
            user,
            event=event,
            household=event.household,
            moved_from=[(m.loan, -m.amount) for m in movements if m.amount < 0],
            moved_to=[(m.loan, m.amount) for m in movements if m.amount > 0],
        ),
    )


def visit_pdf(visit, user) -> bytes:
    return output.pdf_of(
        "reports/visit_pdf.html",
        _context(user, visit=visit, actions=visit.actions.select_related("checked_at")),
    )
