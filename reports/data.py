"""The figures of each report, for one period inside the user's scope.

Reports read the other apps' records only (never write), and every figure is computed in the
database from the same scoped querysets the pages use, with the definitions of the app that owns
it (debts/figures.py for the debt figures).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import selectors as assessment_selectors
from assessments.models import Assessment, State
from cddfund import regions, thai
from cddfund.models import District
from cddfund.periods import Period
from cddfund.selectors import tallies_by_district as tallied_districts
from debts import figures
from debts.models import Household
from debts.selectors import rollup
from institutes.models import Centre, Membership
from reports import snapshots


@dataclass(frozen=True)
class ReportColumn:
    key: str
    label: str
    kind: str = "int"  # int, money, percent, text
    first: bool = False  # a key figure: shown first on a phone's card, the others folded


@dataclass
class Section:
    label: str
    rows: list[dict]
    subtotal: dict


@dataclass
class Report:
    slug: str
    title: str
    period: Period
    columns: list[ReportColumn]
    sections: list[Section] = field(default_factory=list)
    total: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    snapshot: object = None  # the closed period's figures it was read from (reports.snapshots)
    group: str = ""  # "region": by inspection region

    @property
    def year(self) -> int:
        return self.period.fiscal_year

    @property
    def query(self) -> str:
        """The report as a page's query string (its period and grouping)."""
        return self.period.query + (f"&group={self.group}" if self.group else "")

    @property
    def groupable(self) -> bool:
        return self.slug in KEPT_COLUMNS

    @property
    def rows(self) -> list[dict]:
        return [row for section in self.sections for row in section.rows]


TITLES = {
    "levels": _("แบบสรุปผลการประเมินการจัดระดับการพัฒนาศูนย์จัดการกองทุนชุมชน"),
    "debts": _("รายงานผลสัมฤทธิ์การบริหารจัดการหนี้"),
    "ssg": _("รายงานผลการพัฒนาศักยภาพกลุ่มออมทรัพย์เพื่อการผลิตสู่มาตรฐาน SMART Saving Group"),
    "ssg-groups": _("ทะเบียนกลุ่มเป้าหมาย SMART Saving Group และผลการประเมิน"),
}


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
    ReportColumn("centres", _("ศูนย์ทั้งหมด"), first=True),
    ReportColumn("assessed", _("ประเมินแล้ว")),
    ReportColumn("approved", _("จังหวัดอนุมัติ")),
    ReportColumn("level3", _("ระดับ 3 ดี"), first=True),
    ReportColumn("level3_share", _("ร้อยละ"), "percent", first=True),
    ReportColumn("level2", _("ระดับ 2 ปานกลาง")),
    ReportColumn("level2_share", _("ร้อยละ"), "percent"),
    ReportColumn("level1", _("ระดับ 1 ต้องปรับปรุง")),
    ReportColumn("level1_share", _("ร้อยละ"), "percent"),
]


def _levels_finish(row: dict) -> dict:
    for level in (1, 2, 3):
        row[f"level{level}_share"] = thai.percent(row[f"level{level}"], row["approved"])
    return row


LEVELS_STATES = ("assessed", "approved", "level1", "level2", "level3")


def levels_states(assessments: QuerySet[Assessment], year: int) -> QuerySet:
    """The levels summary's counts per district: assessments of active centres in ``year``."""
    return (
        assessments.of_centres()
        .filter(fiscal_year=year, centre__status="active")
        .order_by()
        .values("district_id")
        .annotate(
            assessed=Count("id"),
            approved=Count("id", filter=Q(state=State.APPROVED)),
            **{
                f"level{n}": Count("id", filter=Q(state=State.APPROVED, level__level=n))
                for n in (1, 2, 3)
            },
        )
    )


def active_centres(centres: QuerySet[Centre]) -> QuerySet:
    """The levels summary's centres per district: the active ones."""
    return centres.filter(status="active").order_by().values("district_id").annotate(n=Count("id"))


# The tallies the levels summary of a province or the country reads, as registered in
# reports/additions.py: the active centres, and each of LEVELS_STATES of a year.
CENTRES_TALLY = "active_centres"
LEVELS_TALLY = "levels_{column}_{year}"


def _levels_counted(user, year: int):
    """The levels summary's counts per district as last counted, and when; or None."""
    states = {state: LEVELS_TALLY.format(column=state, year=year) for state in LEVELS_STATES}
    counted = tallied_districts(user, [CENTRES_TALLY, *states.values()])
    if counted is None:
        return None
    found, counted_at = counted
    return (
        {d: counts[CENTRES_TALLY] for d, counts in found.items()},
        {d: {s: counts[name] for s, name in states.items()} for d, counts in found.items()},
        counted_at,
    )


def levels_summary(user, period: Period) -> Report:
    """แบบสรุปผลการประเมินการจัดระดับการพัฒนาศูนย์จัดการกองทุนชุมชน: per district, subtotals
    per province, and the total; levels are counted among approved assessments. A province or
    the country reads its districts' counts as last counted (every ten minutes) while they hold
    the year; a district, an older year and the closing count live."""
    year = period.fiscal_year
    notes = [str(_("นับระดับจากแบบประเมินที่จังหวัดอนุมัติแล้ว ร้อยละคิดจากจำนวนที่อนุมัติ"))]
    counted = _levels_counted(user, year)
    if counted is None:
        centres = {
            r["district_id"]: r["n"] for r in active_centres(Centre.objects.visible_to(user))
        }
        states = {
            r["district_id"]: r for r in levels_states(Assessment.objects.visible_to(user), year)
        }
    else:
        centres, states, counted_at = counted
        notes.append(
            str(_("ตัวเลขนับไว้เมื่อ %(time)s (นับใหม่ทุก 10 นาที)"))
            % {"time": thai.format_datetime(counted_at)}
        )
    districts = (
        District.objects.visible_to(user)
        .order_by("province__name_th", "name_th")
        .values_list(
            "code", "name_th", "province_id", "province__name_th", "province__inspection_region"
        )
    )
    rows = []
    for code, name, province_code, province, region in districts:
        if not centres.get(code):
            continue  # no active centre
        found = states.get(code, {})
        rows.append(
            _levels_finish(
                {
                    "label": name,
                    "province": province,
                    "province_code": province_code,
                    "district_code": code,
                    "region": region,
                    "centres": centres[code],
                    **{state: found.get(state, 0) for state in LEVELS_STATES},
                }
            )
        )
    sections, total = _by_province(rows, LEVELS_COLUMNS, _levels_finish)
    return Report("levels", str(TITLES["levels"]), period, LEVELS_COLUMNS, sections, total, notes)


DEBT_COLUMNS = [
    ReportColumn("label", _("อำเภอ"), "text"),
    ReportColumn("targets", _("ครัวเรือนเป้าหมาย"), first=True),
    ReportColumn("reached", _("ถึง 1 ครัวเรือน 1 สัญญา")),
    ReportColumn("one", _("ในนั้น 1 สัญญา")),
    ReportColumn("none", _("ในนั้นปลดหนี้ (0 สัญญา)")),
    ReportColumn("reduced", _("ลดหนี้ (รวมปลดหนี้)")),
    ReportColumn("cleared", _("ปลดหนี้")),
    ReportColumn("share", _("ร้อยละลด/ปลดหนี้"), "percent", first=True),
    ReportColumn("score", _("ระดับคะแนน"), "text", first=True),
    ReportColumn("enrolled", _("หนี้เมื่อเข้าสู่การบริหารจัดการหนี้ (บาท)"), "money"),
    ReportColumn("then", _("หนี้ ณ สิ้นงวด (บาท)"), "money"),
]


def debt_results(user, period: Period, found: list[dict] | None = None) -> Report:
    """รายงานผลสัมฤทธิ์การบริหารจัดการหนี้: the target households of the fiscal year and the two
    before, enrolled by the period's last day, per district, as of that day, with the KPI score
    (the definitions: debts/figures.py). ``found``: the districts' counts, already counted."""
    counted = None if found is not None else rollup.period_counts(user, period)
    if counted:
        found = counted.rows
    elif found is None:
        found = figures.period_counts(Household.objects.visible_to(user), period, "district", user)
    districts = District.objects.select_related("province").in_bulk([r["key"] for r in found])
    rows = sorted(
        (
            figures.finish(
                {
                    "label": districts[r["key"]].name_th,
                    "province": districts[r["key"]].province.name_th,
                    "province_code": districts[r["key"]].province_id,
                    "district_code": r["key"],
                    "region": districts[r["key"]].province.inspection_region,
                    **{c.key: r[c.key] for c in DEBT_COLUMNS if c.kind in ("int", "money")},
                }
            )
            for r in found
        ),
        key=lambda row: (row["province"], row["label"]),
    )
    sections, total = _by_province(rows, DEBT_COLUMNS, figures.finish)
    notes = []
    if counted:
        notes.append(
            str(_("ตัวเลขนับไว้เมื่อ %(time)s (นับใหม่ทุก 10 นาที)"))
            % {"time": thai.format_datetime(counted.counted_at)}
        )
    return Report(
        "debts",
        str(TITLES["debts"]),
        period,
        DEBT_COLUMNS,
        sections,
        total,
        [
            *notes,
            str(
                _(
                    "ข้อมูล ณ วันที่ %(day)s · ครัวเรือนเป้าหมายปีงบประมาณ %(a)s-%(b)s ที่เข้าร่วม"
                    "โครงการภายในวันนั้น · ลดหนี้/ปลดหนี้นับจากหนี้เมื่อเข้าสู่การบริหารจัดการหนี้ · "
                    "ถึง 1 ครัวเรือน 1 สัญญา = เหลือสัญญากับกลุ่มในหมู่บ้านไม่เกิน 1 สัญญา · "
                    "ระดับคะแนน: ร้อยละ 60 = 1, 70 = 2, 80 = 3, 90 = 4, 100 = 5"
                )
                % {
                    "day": thai.format_date_long(period.as_of()),
                    "a": period.fiscal_year - 2,
                    "b": period.fiscal_year,
                }
            ),
        ],
    )


DIRECTORY_COLUMNS = [
    ReportColumn("label", _("ศูนย์"), "text"),
    ReportColumn("village", _("หมู่บ้าน"), "text", first=True),
    ReportColumn("subdistrict", _("ตำบล"), "text"),
    ReportColumn("district", _("อำเภอ"), "text"),
    ReportColumn("model", _("รูปแบบ"), "text"),
    ReportColumn("status", _("สถานะ"), "text"),
    ReportColumn("members", _("กลุ่มสมาชิก")),
    ReportColumn("level", _("ระดับล่าสุด (ปีงบประมาณ)"), "text", first=True),
]


def _directory_centres(user, province: str | None) -> QuerySet[Centre]:
    return Centre.objects.visible_to(user).filter(**({"province_id": province} if province else {}))


def _directory_rows(
    user, period: Period, centres, province: str | None, *, page: bool = False
) -> list[dict]:
    """The directory's rows of ``centres`` in order; ``page``: they are a page of the area's,
    and only their latest levels are read."""
    latest = {
        centre_id: f"{level} ({fiscal_year})"
        for centre_id, fiscal_year, level in Assessment.objects.visible_to(user)
        .of_centres()
        .filter(**({"province_id": province} if province else {}))
        .filter(
            state=State.APPROVED,
            fiscal_year__lte=period.fiscal_year,
            **({"centre__in": centres} if page else {}),
        )
        .order_by("centre_id", "-fiscal_year")
        .distinct("centre_id")
        .values_list("centre_id", "fiscal_year", "level__level")
    }
    return [
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


def _directory_order(centres: QuerySet[Centre]) -> QuerySet[Centre]:
    return (
        centres.select_related("village__subdistrict", "district", "province")
        .annotate(members=Count("memberships", filter=Q(memberships__left_on__isnull=True)))
        .order_by("province__name_th", "district__name_th", "name", "pk")
    )


def _directory_report(period: Period, sections: list[Section], total: dict) -> Report:
    return Report(
        "directory", str(_("ทะเบียนศูนย์จัดการกองทุนชุมชน")), period, DIRECTORY_COLUMNS, sections, total
    )


def centre_directory(user, period: Period, province: str | None = None) -> Report:
    """ทะเบียนศูนย์: every centre in scope (of ``province`` only, when one is named) with its
    model, status, member groups and the level of its latest approved assessment up to the
    fiscal year."""
    centres = _directory_order(_directory_centres(user, province))
    rows = _directory_rows(user, period, centres, province)
    sections, total = _by_province(rows, DIRECTORY_COLUMNS, lambda row: row)
    for section in [*sections]:
        section.subtotal["label"] = f"{section.subtotal['label']} ({len(section.rows)} ศูนย์)"
    total["label"] = f"{total['label']} ({len(rows)} ศูนย์)"
    return _directory_report(period, sections, total)


# The directory on screen: a page of centres at a time (a province of ten times the centres
# would be one long table); the files hold them all.
DIRECTORY_PER_PAGE = 50


def centre_directory_page(
    user, period: Period, province: str | None, number
) -> tuple[Report, Page]:
    """A page of ``centre_directory`` (of ``province``, or the user's area): the page's rows, and
    the whole area's count and members as the total, in four queries whatever the area's size."""
    centres = _directory_centres(user, province)
    page = Paginator(_directory_order(centres), DIRECTORY_PER_PAGE).get_page(number)
    rows = _directory_rows(user, period, list(page.object_list), province, page=True)
    members = Membership.objects.filter(centre__in=centres, left_on__isnull=True).count()
    total = {"label": f"รวมทั้งหมด ({page.paginator.count} ศูนย์)", "members": members}
    return _directory_report(period, [Section("", rows, {})], total), page


SSG_COLUMNS = [
    ReportColumn("label", _("อำเภอ"), "text"),
    ReportColumn("selected", _("กลุ่มเป้าหมาย"), first=True),
    ReportColumn("forums", _("จัดเวทีแล้ว")),
    ReportColumn("governance", _("ประเมินตามหลักธรรมาภิบาลแล้ว")),
    ReportColumn("with_plan", _("มีแผนการบริหารจัดการตามมาตรฐาน SSG")),
    ReportColumn("share", _("ร้อยละ"), "percent"),
    ReportColumn("met", _("ตัวชี้วัดกิจกรรม (ร้อยละ 60)"), "text"),
    ReportColumn("passed", _("ผ่านมาตรฐาน SSG"), first=True),
]


def _ssg_finish(row: dict) -> dict:
    row["share"] = thai.percent(row["with_plan"], row["selected"])
    if not row["selected"]:
        row["met"] = "-"
    elif row["share"] >= assessment_selectors.SSG_KPI_PERCENT:
        row["met"] = str(_("ผ่าน"))
    else:
        row["met"] = str(_("ไม่ผ่าน"))
    return row


def ssg_programme(user, period: Period) -> Report:
    """The SMART Saving Group programme of a fiscal year per district (seed 002): groups chosen,
    forums held, assessments approved, and the activity's KPI, the share of chosen groups with a
    management plan to the standard (the definition: assessments.selectors.ssg_counts)."""
    found = assessment_selectors.ssg_counts(user, period.fiscal_year)
    districts = District.objects.select_related("province").in_bulk(
        [r["district_id"] for r in found]
    )
    counted = [c.key for c in SSG_COLUMNS if c.kind == "int"]
    rows = sorted(
        (
            _ssg_finish(
                {
                    "label": districts[r["district_id"]].name_th,
                    "province": districts[r["district_id"]].province.name_th,
                    "province_code": districts[r["district_id"]].province_id,
                    "district_code": r["district_id"],
                    "region": districts[r["district_id"]].province.inspection_region,
                    **{k: r[k] for k in counted},
                }
            )
            for r in found
        ),
        key=lambda row: (row["province"], row["label"]),
    )
    sections, total = _by_province(rows, SSG_COLUMNS, _ssg_finish)
    return Report(
        "ssg",
        str(TITLES["ssg"]),
        period,
        SSG_COLUMNS,
        sections,
        total,
        [
            str(
                _(
                    "กลุ่มออมทรัพย์เพื่อการผลิตระดับ 3 ที่จังหวัดและอำเภอคัดเลือกในปีงบประมาณ %(year)s · "
                    "มีแผนการบริหารจัดการตามมาตรฐาน = แบบประเมินมาตรฐาน SSG ที่จังหวัดอนุมัติแล้ว "
                    "พร้อมแผนการพัฒนาทุกตัวชี้วัดที่ไม่ผ่าน · ตัวชี้วัดกิจกรรม: ร้อยละ %(kpi)s "
                    "ของกลุ่มเป้าหมาย · เป้าหมายจังหวัดละ 10 กลุ่ม"
                )
                % {"year": period.fiscal_year, "kpi": assessment_selectors.SSG_KPI_PERCENT}
            ),
            *_provisional_note(period),
        ],
    )


def _provisional_note(period: Period) -> list[str]:
    if not assessment_selectors.group_sets_provisional(period.fiscal_year):
        return []
    return [str(PROVISIONAL_GROUP_SETS)]


PROVISIONAL_GROUP_SETS = _(
    "แบบประเมินทั้งสองชุดใช้ชุดตัวชี้วัดตั้งต้นของระบบ ซึ่งเป็นเกณฑ์ชั่วคราวจนกว่ากรมฯ จะนำเข้าชุดทางการ"
)


SSG_GROUP_COLUMNS = [
    ReportColumn("label", _("กลุ่ม"), "text"),
    ReportColumn("village", _("หมู่บ้าน"), "text", first=True),
    ReportColumn("district", _("อำเภอ"), "text"),
    ReportColumn("lead", _("แกนนำศูนย์"), "text"),
    ReportColumn("forum", _("วันที่จัดเวที"), "text"),
    ReportColumn("governance", _("ธรรมาภิบาล (4 ด้าน 21 ตัวชี้วัด)"), "text"),
    ReportColumn("standard", _("มาตรฐาน SSG (5 ด้าน 23 ตัวชี้วัด)"), "text", first=True),
    ReportColumn("plan", _("แผนการพัฒนา (ตัวชี้วัดที่ไม่ผ่าน)"), "text"),
]


def result_of(state, percent, level, name) -> str:
    """An instrument's result as a cell: its level and percent once approved, else its state."""
    if state is None:
        return str(_("ยังไม่ได้ประเมิน"))
    if state != State.APPROVED:
        return str(State(state).label)
    return f"{percent}% ระดับ {level} {name}" if level else f"{percent}%"


def ssg_group_list(user, period: Period) -> Report:
    """ทะเบียนกลุ่มเป้าหมาย: every group chosen for the fiscal year with its forum and the results
    of both instruments (levels once the province approved them); read as values, as the
    country's list has a row per chosen group."""
    found = assessment_selectors.ssg_groups(user, period.fiscal_year).values(
        "group__name", "group__village__moo", "group__village__name", "province__name_th",
        "district__name_th", "leads", "forum__held_on", "ssg_plan_items",
        *(f"{i}_{f}" for i in ("gov", "ssg") for f in ("state", "percent", "level", "level_name")),
    )  # fmt: skip
    rows = [
        {
            "label": s["group__name"],
            "province": s["province__name_th"],
            "village": f"หมู่ที่ {s['group__village__moo']} {s['group__village__name']}",
            "district": s["district__name_th"],
            "lead": str(_("แกนนำ")) if s["leads"] else "-",
            "forum": thai.format_date(s["forum__held_on"]) if s["forum__held_on"] else "-",
            "governance": result_of(
                s["gov_state"], s["gov_percent"], s["gov_level"], s["gov_level_name"]
            ),
            "standard": result_of(
                s["ssg_state"], s["ssg_percent"], s["ssg_level"], s["ssg_level_name"]
            ),
            "plan": (
                "-"
                if s["ssg_state"] is None
                else str(_("%(n)s ตัวชี้วัด")) % {"n": s["ssg_plan_items"] or 0}
            ),
        }
        for s in found
    ]
    sections, total = _by_province(rows, SSG_GROUP_COLUMNS, lambda row: row)
    for section in sections:
        section.subtotal["label"] = f"{section.subtotal['label']} ({len(section.rows)} กลุ่ม)"
    total["label"] = f"{total['label']} ({len(rows)} กลุ่ม)"
    return Report(
        "ssg-groups",
        str(TITLES["ssg-groups"]),
        period,
        SSG_GROUP_COLUMNS,
        sections,
        total,
        [str(_("ผลการประเมินแสดงระดับเมื่อจังหวัดอนุมัติแล้ว")), *_provisional_note(period)],
    )


REPORTS = {
    "levels": levels_summary,
    "debts": debt_results,
    "directory": centre_directory,
    "ssg": ssg_programme,
    "ssg-groups": ssg_group_list,
}
KEPT_COLUMNS = {
    "levels": (LEVELS_COLUMNS, _levels_finish),
    "debts": (DEBT_COLUMNS, figures.finish),
    "ssg": (SSG_COLUMNS, _ssg_finish),
}
READ = {"int": int, "money": Decimal, "percent": Decimal}


def debt_centres(user, period: Period, found: list[dict] | None = None) -> list[dict]:
    """The debt results of each centre in scope (the rows behind its district's figures).
    ``found``: the centres' counts, already counted."""
    if found is None:
        found = figures.period_counts(Household.objects.visible_to(user), period, "centre", user)
    centres = Centre.objects.in_bulk([r["key"] for r in found])
    counted = [c.key for c in DEBT_COLUMNS if c.kind in ("int", "money")]
    return sorted(
        (
            figures.finish(
                {
                    "centre": r["key"],
                    "label": centres[r["key"]].name,
                    "province_code": centres[r["key"]].province_id,
                    "district_code": centres[r["key"]].district_id,
                    **{k: r[k] for k in counted},
                }
            )
            for r in found
        ),
        key=lambda row: (row["province_code"], row["district_code"], row["label"]),
    )


def level_centres(user, period: Period) -> list[dict]:
    """Each active centre in scope and its assessment of the fiscal year: state, score, level."""
    found = {
        a["centre_id"]: a
        for a in Assessment.objects.visible_to(user)
        .of_centres()
        .filter(fiscal_year=period.fiscal_year)
        .values("centre_id", "state", "score", "max_score", "percent", "level__level")
    }
    rows = []
    for centre in (
        Centre.objects.visible_to(user)
        .filter(status="active")
        .order_by("province_id", "district_id", "name")
        .only("id", "name", "province_id", "district_id")
    ):
        assessment = found.get(centre.pk, {})
        rows.append(
            {
                "centre": centre.pk,
                "label": centre.name,
                "province_code": centre.province_id,
                "district_code": centre.district_id,
                "state": assessment.get("state", ""),
                "score": assessment.get("score"),
                "max_score": assessment.get("max_score"),
                "percent": assessment.get("percent"),
                "level": assessment.get("level__level")
                if assessment.get("state") == State.APPROVED
                else None,
            }
        )
    return rows


CENTRE_ROWS = {"levels": level_centres, "debts": debt_centres}


def _debts_kept(user, period: Period) -> tuple[Report, list[dict]]:
    """The debt results' districts and centres, counted in one pass over the households."""
    households = Household.objects.visible_to(user)
    districts, centres = figures.period_counts_by_district_and_centre(households, period, user)
    return debt_results(user, period, districts), debt_centres(user, period, centres)


# Reports whose figures and centres' rows closing reads together rather than one after the other.
KEPT_TOGETHER = {"debts": _debts_kept}


def kept(slug: str, user, period: Period) -> tuple[Report, list[dict]]:
    """What closing ``period`` keeps of a report: its figures now and each centre's."""
    if slug in KEPT_TOGETHER:
        return KEPT_TOGETHER[slug](user, period)
    centres = CENTRE_ROWS[slug](user, period) if slug in CENTRE_ROWS else []
    return REPORTS[slug](user, period), centres


def centre_rows(slug: str, user, period: Period) -> list[dict]:
    """Each centre's figures of a report in scope: kept ones for a closed period."""
    snapshot = snapshots.current(slug, period)
    if snapshot is not None:
        return snapshots.centre_rows(snapshot, user)
    return [
        {k: v for k, v in row.items() if k not in ("province_code", "district_code")}
        for row in CENTRE_ROWS[slug](user, period)
    ]


BY_REGION = "region"
BY_PROVINCE = "province"  # a row per province: the whole country on one screen
GROUPS = (BY_REGION, BY_PROVINCE)


def report(slug: str, user, period: Period, group: str = "", province: str | None = None) -> Report:
    """What every page, file and the API show of a report: a closed period's kept figures
    (reports.snapshots), otherwise the figures computed now; ``group="region"``: by
    inspection region, a row per province; ``group="province"``: a row per province;
    ``province``: that province's districts only."""
    if slug not in REPORTS:
        raise KeyError(slug)
    kept = slug in KEPT_COLUMNS
    snapshot = snapshots.current(slug, period) if kept else None
    if snapshot is not None and group == BY_PROVINCE and user.district_id is None:
        # The kept province subtotals: as many rows as provinces, whatever the districts.
        return by_province(
            _from_snapshot(snapshot, period, snapshots.province_rows(snapshot, user)), kept=True
        )
    if snapshot is None:
        found = REPORTS[slug](user, period)
    else:
        rows = snapshots.district_rows(snapshot, user=user, province=province)
        found = _from_snapshot(snapshot, period, rows)
    if kept and group == BY_REGION:
        return by_region(found)
    if kept and group == BY_PROVINCE:
        return by_province(found)
    return one_province(found, province) if kept and province else found


def one_province(report: Report, province: str) -> Report:
    """The report's districts of one province, with the province's subtotal and no total."""
    report.sections = [s for s in report.sections if s.rows[0]["province_code"] == province]
    report.total = {}
    return report


def by_region(report: Report) -> Report:
    """The report by inspection region (each row a province's subtotal, as its district rows
    say which region the province was in: a closed period keeps the mapping of its day)."""
    columns, finish = KEPT_COLUMNS[report.slug]
    columns = [ReportColumn("label", _("จังหวัด"), "text"), *columns[1:]]
    provinces = [
        {**section.subtotal, "label": section.label, "region": section.rows[0].get("region")}
        for section in report.sections
    ]
    provinces.sort(key=lambda r: (r["region"] is None, r["region"] or 0, r["label"]))
    summed = [c.key for c in columns if c.kind in ("int", "money")]
    sections = []
    for region in dict.fromkeys(r["region"] for r in provinces):
        rows = [r for r in provinces if r["region"] == region]
        name = regions.label(region)
        subtotal = finish({"label": f"รวม{name}", **{k: sum(r[k] for r in rows) for k in summed}})
        sections.append(Section(name, rows, subtotal))
    return Report(
        report.slug,
        f"{report.title} จำแนกตามเขตตรวจราชการ",
        report.period,
        columns,
        sections,
        report.total,
        report.notes,
        snapshot=report.snapshot,
        group=BY_REGION,
    )


def by_province(report: Report, kept: bool = False) -> Report:
    """A row per province (its subtotal) and the total; ``kept``: the rows are a snapshot's
    province subtotals already."""
    columns, finish = KEPT_COLUMNS[report.slug]
    if kept:
        rows = report.rows
    else:
        rows = [
            {
                **section.subtotal,
                "label": section.label,
                "province": section.label,
                "province_code": section.rows[0]["province_code"],
                "region": section.rows[0].get("region"),
            }
            for section in report.sections
        ]
    summed = [c.key for c in columns if c.kind in ("int", "money")]
    total = finish({"label": "รวมทั้งหมด", **{k: sum(r[k] for r in rows) for k in summed}})
    report.columns = [ReportColumn("label", _("จังหวัด"), "text"), *columns[1:]]
    report.sections = [Section("", rows, {})] if rows else []
    report.total = total if rows else {}
    report.group = BY_PROVINCE
    return report


def snapshot_report(document) -> Report:
    """The report an issued document showed, from its snapshot (the verification page)."""
    snapshot = document.snapshot
    period = Period(snapshot.closing.fiscal_year, document.round)
    found = _from_snapshot(snapshot, period, snapshots.district_rows(snapshot, document=document))
    if document.grouping == BY_PROVINCE:
        return by_province(found)
    return by_region(found) if document.grouping == BY_REGION else found


def _from_snapshot(snapshot, period: Period, found: list[dict]) -> Report:
    slug = snapshot.report
    columns, finish = KEPT_COLUMNS[slug]
    kinds = {c.key: READ[c.kind] for c in columns if c.kind in READ}
    rows = [
        finish({k: kinds[k](v) if k in kinds and v is not None else v for k, v in row.items()})
        for row in found
    ]
    sections, total = _by_province(rows, columns, finish)
    closed = snapshot.closing
    note = _(
        "ตัวเลขของงวดที่ปิดแล้ว (ปิดครั้งที่ %(version)s เมื่อ %(at)s โดย %(by)s): "
        "ไม่เปลี่ยนแม้มีการบันทึกรายการภายหลัง"
    ) % {
        "version": closed.version,
        "at": thai.format_date_long(timezone.localtime(closed.closed_at).date()),
        "by": closed.closed_by,
    }
    return Report(
        slug,
        str(TITLES[slug]),
        period,
        columns,
        sections,
        total,
        [*snapshot.notes, str(note)],
        snapshot=snapshot,
    )
