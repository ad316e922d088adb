"""The figures of each report, for one fiscal year inside the user's scope.

Reports read the other apps' records only (never write), and every figure is computed in the
database from the same scoped querysets the pages use.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, State
from debts.models import Household, TargetHousehold
from debts.selectors import CLEARED, REDUCED, kpi_score
from institutes.models import Centre


@dataclass(frozen=True)
class ReportColumn:
    key: str
    label: str
    kind: str = "int"  # int, money, percent, text


@dataclass
class Section:
    label: str
    rows: list[dict]
    subtotal: dict


@dataclass
class Report:
    slug: str
    title: str
    year: int
    columns: list[ReportColumn]
    sections: list[Section] = field(default_factory=list)
    total: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[dict]:
        return [row for section in self.sections for row in section.rows]


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(part * 100) / whole).quantize(Decimal("0.01")) if whole else None


def _by_province(
    rows: list[dict], columns: list[ReportColumn], finish
) -> tuple[list[Section], dict]:
    """Group district rows by province with subtotals, and the grand total."""
    sections: dict[str, Section] = {}
    for row in rows:
        section = sections.setdefault(row["province"], Section(row["province"], [], {}))
        section.rows.append(row)
    summed = [c.key for c in columns if c.kind in ("int", "money")]
    for section in sections.values():
        section.subtotal = finish(
            {
                "label": f"รวมจังหวัด{section.label}",
                **{k: sum(r[k] for r in section.rows) for k in summed},
            }
        )
    total = finish({"label": "รวมทั้งหมด", **{k: sum(r[k] for r in rows) for k in summed}})
    return list(sections.values()), total


LEVELS_COLUMNS = [
    ReportColumn("label", _("อำเภอ"), "text"),
    ReportColumn("centres", _("ศูนย์ทั้งหมด")),
    ReportColumn("assessed", _("ประเมินแล้ว")),
    ReportColumn("approved", _("จังหวัดอนุมัติ")),
    ReportColumn("level3", _("ระดับ 3 ดี")),
    ReportColumn("level3_share", _("ร้อยละ"), "percent"),
    ReportColumn("level2", _("ระดับ 2 ปานกลาง")),
    ReportColumn("level2_share", _("ร้อยละ"), "percent"),
    ReportColumn("level1", _("ระดับ 1 ต้องปรับปรุง")),
    ReportColumn("level1_share", _("ร้อยละ"), "percent"),
]


def _levels_finish(row: dict) -> dict:
    for level in (1, 2, 3):
        row[f"level{level}_share"] = _share(row[f"level{level}"], row["approved"])
    return row


def levels_summary(user, year: int) -> Report:
    """แบบสรุปผลการประเมินการจัดระดับการพัฒนาศูนย์จัดการกองทุนชุมชน: per district, subtotals
    per province, and the total; levels are counted among approved assessments."""
    centres = (
        Centre.objects.visible_to(user)
        .filter(status="active")
        .values("district_id", "district__name_th", "province__name_th")
        .annotate(centres=Count("id"))
    )
    states = {
        r["district_id"]: r
        for r in Assessment.objects.visible_to(user)
        .filter(fiscal_year=year, centre__status="active")
        .values("district_id")
        .annotate(
            assessed=Count("id"),
            approved=Count("id", filter=Q(state=State.APPROVED)),
            **{
                f"level{n}": Count("id", filter=Q(state=State.APPROVED, level__level=n))
                for n in (1, 2, 3)
            },
        )
    }
    rows = []
    for r in centres.order_by("province__name_th", "district__name_th"):
        found = states.get(r["district_id"], {})
        rows.append(
            _levels_finish(
                {
                    "label": r["district__name_th"],
                    "province": r["province__name_th"],
                    "centres": r["centres"],
                    "assessed": found.get("assessed", 0),
                    "approved": found.get("approved", 0),
                    **{f"level{n}": found.get(f"level{n}", 0) for n in (1, 2, 3)},
                }
            )
        )
    sections, total = _by_province(rows, LEVELS_COLUMNS, _levels_finish)
    return Report(
        "levels",
        str(_("แบบสรุปผลการประเมินการจัดระดับการพัฒนาศูนย์จัดการกองทุนชุมชน")),
        year,
        LEVELS_COLUMNS,
        sections,
        total,
        [str(_("นับระดับจากแบบประเมินที่จังหวัดอนุมัติแล้ว ร้อยละคิดจากจำนวนที่อนุมัติ"))],
    )


DEBT_COLUMNS = [
    ReportColumn("label", _("อำเภอ"), "text"),
    ReportColumn("targets", _("ครัวเรือนเป้าหมาย")),
    ReportColumn("one_contract", _("ถึง 1 สัญญา")),
    ReportColumn("reduced", _("ลดหนี้ (รวมปลดหนี้)")),
    ReportColumn("cleared", _("ปลดหนี้")),
    ReportColumn("share", _("ร้อยละลด/ปลดหนี้"), "percent"),
    ReportColumn("score", _("คะแนน KPI"), "text"),
    ReportColumn("baseline", _("หนี้ ณ ฐาน (บาท)"), "money"),
    ReportColumn("now", _("หนี้ปัจจุบัน (บาท)"), "money"),
]


def _debt_finish(row: dict) -> dict:
    row["share"] = _share(row["reduced"], row["targets"])
    row["score"] = kpi_score(row["share"])
    return row


def debt_results(user, year: int) -> Report:
    """รายงานผลสัมฤทธิ์การบริหารจัดการหนี้: target households of the year and the two before,
    per district, with the KPI score."""
    # The targets carry the household's area too: scoping them as well lets PostgreSQL join the
    # district's few hundred targets instead of hashing the whole country's.
    targeted = Exists(
        TargetHousehold.objects.visible_to(user).filter(
            household=OuterRef("pk"), fiscal_year__in=range(year - 2, year + 1)
        )
    )
    found = (
        Household.objects.visible_to(user)
        .filter(targeted)
        .values("district_id", "district__name_th", "province__name_th")
        .annotate(
            targets=Count("id"),
            one_contract=Count("id", filter=Q(active_contracts=1)),
            reduced=Count("id", filter=REDUCED),
            cleared=Count("id", filter=CLEARED),
            baseline=Sum("baseline_outstanding"),
            now=Sum(F("outstanding")),
        )
        .order_by("province__name_th", "district__name_th")
    )
    rows = [
        _debt_finish(
            {
                "label": r["district__name_th"],
                "province": r["province__name_th"],
                "targets": r["targets"],
                "one_contract": r["one_contract"],
                "reduced": r["reduced"],
                "cleared": r["cleared"],
                "baseline": r["baseline"] or Decimal(0),
                "now": r["now"] or Decimal(0),
            }
        )
        for r in found
    ]
    sections, total = _by_province(rows, DEBT_COLUMNS, _debt_finish)
    return Report(
        "debts",
        str(_("รายงานผลสัมฤทธิ์การบริหารจัดการหนี้")),
        year,
        DEBT_COLUMNS,
        sections,
        total,
        [
            str(
                _(
                    "ครัวเรือนเป้าหมายปีงบประมาณ %(a)s-%(b)s · คะแนน KPI: ร้อยละ 60 = 1, 70 = 2, "
                    "80 = 3, 90 = 4, 100 = 5"
                )
                % {"a": year - 2, "b": year}
            )
        ],
    )


DIRECTORY_COLUMNS = [
    ReportColumn("label", _("ศูนย์"), "text"),
    ReportColumn("village", _("หมู่บ้าน"), "text"),
    ReportColumn("subdistrict", _("ตำบล"), "text"),
    ReportColumn("district", _("อำเภอ"), "text"),
    ReportColumn("model", _("รูปแบบ"), "text"),
    ReportColumn("status", _("สถานะ"), "text"),
    ReportColumn("members", _("กลุ่มสมาชิก")),
    ReportColumn("level", _("ระดับล่าสุด (ปีงบประมาณ)"), "text"),
]


def centre_directory(user, year: int) -> Report:
    """ทะเบียนศูนย์: every centre in scope with its model, status, member groups and the level
    of its latest approved assessment up to the fiscal year."""
    latest = {
        centre_id: f"{level} ({fiscal_year})"
        for centre_id, fiscal_year, level in Assessment.objects.visible_to(user)
        .filter(state=State.APPROVED, fiscal_year__lte=year)
        .order_by("centre_id", "-fiscal_year")
        .distinct("centre_id")
        .values_list("centre_id", "fiscal_year", "level__level")
    }
    centres = (
        Centre.objects.visible_to(user)
        .select_related("village__subdistrict", "district", "province")
        .annotate(members=Count("memberships", filter=Q(memberships__left_on__isnull=True)))
        .order_by("province__name_th", "district__name_th", "name")
    )
    rows = [
        {
            "label": centre.name,
            "province": centre.province.name_th,
            "village": str(centre.village),
            "subdistrict": centre.village.subdistrict.name_th,
            "district": centre.district.name_th,
            "model": centre.operating_model,
            "status": centre.get_status_display(),
            "members": centre.members,
            "level": latest.get(centre.pk, "-"),
        }
        for centre in centres
    ]
    sections, total = _by_province(rows, DIRECTORY_COLUMNS, lambda row: row)
    for section in [*sections]:
        section.subtotal["label"] = f"{section.subtotal['label']} ({len(section.rows)} ศูนย์)"
    total["label"] = f"{total['label']} ({len(rows)} ศูนย์)"
    return Report(
        "directory", str(_("ทะเบียนศูนย์จัดการกองทุนชุมชน")), year, DIRECTORY_COLUMNS, sections, total
    )


REPORTS = {"levels": levels_summary, "debts": debt_results, "directory": centre_directory}
