"""The province's summary of the SMART Saving Group activity for BPM (seed 002, step 7: the
province gathers the districts' results "with the activity's photos" and reports them in BPM):
the programme's figures for the province's districts, and each chosen group's forum, both
assessments and up to ``PHOTOS_PER_GROUP`` of its photos, as PDF and as Excel.

The figures are those of the programme's report (``reports.data.ssg_programme``, a closed
period's kept figures once it is closed); the photos are read back from storage, shrunk again for
print and embedded in the file, so the file stands alone when it is attached in BPM.
"""

import base64
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.drawing.image import Image as SheetImage
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from PIL import Image

from assessments import selectors as assessment_selectors
from cddfund import thai
from cddfund.periods import Period
from institutes.models import FORUM_STEPS
from institutes.selectors import savings as savings_selectors
from institutes.services import savings as savings_rules
from reports import data
from reports import render as output

PHOTOS_PER_GROUP = 4
PRINT_SIDE = 640  # pixels of a photo's longest side in the file (about 8 cm at 200 dpi)
SHEET_SIDE = 240  # and in the Excel sheet, where it sits beside its group's row


@dataclass
class GroupEntry:
    selection: object
    governance: str
    standard: str
    forum: object = None
    photos: list = field(default_factory=list)  # the ForumPhoto records shown
    late: bool = False
    steps_done: int = 0


@dataclass
class Summary:
    period: Period
    province: object
    report: data.Report  # the programme's figures, the province's districts only
    groups: list[GroupEntry]
    district: object = None  # a district officer's summary covers their district only

    @property
    def title(self) -> str:
        area = f"อำเภอ{self.district.name_th} " if self.district else ""
        return (
            f"สรุปผลการดำเนินกิจกรรมพัฒนาศักยภาพกลุ่มออมทรัพย์เพื่อการผลิตสู่มาตรฐาน "
            f"SMART Saving Group {area}จังหวัด{self.province.name_th}"
        )


def summary(user, period: Period, province) -> Summary:
    """What ``user`` may see of ``province``'s programme in ``period``."""
    report = data.report("ssg", user, period)
    report.sections = [s for s in report.sections if s.rows[0]["province_code"] == province.pk]
    report.total = {}  # one province: its subtotal is the total
    selections = list(
        assessment_selectors.ssg_groups(user, period.fiscal_year).filter(province=province)
    )
    forums = {s.pk: s.forum for s in selections if hasattr(s, "forum")}
    photos = savings_selectors.forum_photos(
        [forum.pk for forum in forums.values()], PHOTOS_PER_GROUP
    )
    groups = []
    for s in selections:
        forum = forums.get(s.pk)
        groups.append(
            GroupEntry(
                selection=s,
                governance=data.result_of(
                    s.gov_state, s.gov_percent, s.gov_level, s.gov_level_name
                ),
                standard=data.result_of(s.ssg_state, s.ssg_percent, s.ssg_level, s.ssg_level_name),
                forum=forum,
                photos=photos.get(forum.pk, []) if forum else [],
                late=bool(forum and savings_rules.report_late(forum)),
                steps_done=sum(bool(getattr(forum, f)) for f, _label in FORUM_STEPS)
                if forum
                else 0,
            )
        )
    return Summary(period, province, report, groups, district=user.district)


def _shrunk(photo, side: int) -> bytes:
    """The stored photo as a JPEG of at most ``side`` pixels (stored photos are already plain
    JPEGs of at most 1,600 pixels: ``cddfund.photos``)."""
    with photo.image.open("rb") as stored:
        image = Image.open(stored)
        image.thumbnail((side, side))
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


def pdf(found: Summary, user) -> bytes:
    for group in found.groups:
        group.images = [
            "data:image/jpeg;base64," + base64.b64encode(_shrunk(p, PRINT_SIDE)).decode()
            for p in group.photos
        ]
    context = {
        **output.context(found.report, user),
        "summary": found,
        "steps": len(FORUM_STEPS),
        "per_group": PHOTOS_PER_GROUP,
    }
    return output.pdf_of("reports/ssg_bpm_pdf.html", context)


GROUP_HEADERS = [
    "กลุ่ม",
    "หมู่บ้าน",
    "อำเภอ",
    "วันที่จัดเวที",
    "ผู้เข้าร่วม (คน)",
    "ขั้นตอน 4.1-4.6 ที่ดำเนินการ",
    "รายงานจังหวัด",
    "ธรรมาภิบาล",
    "มาตรฐาน SSG",
    "แผนการพัฒนา (ตัวชี้วัด)",
    "ภาพกิจกรรม",
]


def _reported(group: GroupEntry) -> str:
    if group.forum is None:
        return "-"
    day = group.forum.reported_on
    text = thai.format_date(day) if day else "ยังไม่ได้รายงาน"
    return f"{text} (เลยกำหนด)" if group.late else text


def excel(found: Summary, user) -> bytes:
    """Two sheets: the figures (as the programme's report), and a row per group with its photos
    beside it."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    figures = workbook.create_sheet(output.sheet_title("ตัวชี้วัด", taken))
    figures.append([output.AGENCY])
    figures.append([f"{found.title} ประจำ{found.period.label}"])
    figures.append([f"พิมพ์เมื่อ {thai.format_date_long(timezone.localdate())} โดย {user}"])
    figures.append([" · ".join(found.report.notes)])
    figures.append([str(c.label) for c in found.report.columns])
    for section in found.report.sections:
        for row in section.rows:
            figures.append([_plain(row.get(c.key)) for c in found.report.columns])
    if found.report.total:
        figures.append([_plain(found.report.total.get(c.key)) for c in found.report.columns])
    figures.column_dimensions["A"].width = 28

    sheet = workbook.create_sheet(output.sheet_title("กลุ่มเป้าหมายและภาพกิจกรรม", taken))
    sheet.append(GROUP_HEADERS)
    for i, width in enumerate([30, 22, 16, 14, 10, 12, 22, 26, 26, 12], start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    photo_column = len(GROUP_HEADERS)
    for number, group in enumerate(found.groups, start=2):
        s, forum = group.selection, group.forum
        sheet.append(
            [
                s.group.name,
                str(s.group.village),
                s.district.name_th,
                thai.format_date(forum.held_on) if forum else "-",
                forum.participants if forum else None,
                f"{group.steps_done}/{len(FORUM_STEPS)}" if forum else "-",
                _reported(group),
                group.governance,
                group.standard,
                s.ssg_plan_items if s.ssg_state else None,
                f"{len(group.photos)} ภาพ" if group.photos else "-",
            ]
        )
        for cell in sheet[number]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if group.photos:
            sheet.row_dimensions[number].height = SHEET_SIDE * 0.75 + 6  # points
        for k, photo in enumerate(group.photos):
            image = SheetImage(io.BytesIO(_shrunk(photo, SHEET_SIDE)))
            image.anchor = f"{get_column_letter(photo_column + 1 + k * 2)}{number}"
            sheet.add_image(image)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain(value):
    return float(value) if isinstance(value, Decimal) else value
