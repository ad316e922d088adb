"""The evidence file of the KPI (seed 004, หลักฐานเชิงประจักษ์ items 1-11) for a centre and a
period: each item satisfied by the records themselves, lists generated from the data and
documents attached where the item is a document, what is still missing with a link to where it is
fixed, and who keeps the item (the province items 1-6 and 11, the district all, the centre 3-11).

The seed's table lists items 1-6 and "other evidence such as photos" by name; its flattened
layout loses the names of 7-10, which the product reads as the support the activity describes
(accounts, training, occupation support, follow-up). The list is kept in one place (``ITEMS``).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund import thai
from cddfund.periods import Period
from debts import figures
from debts.models import (
    AccountMonth,
    DebtEvent,
    DebtPlan,
    EventKind,
    FollowUpVisit,
    Household,
    OccupationSupport,
    TargetHousehold,
    VisitPhoto,
)
from institutes.models import Centre

PROVINCE, DISTRICT, CENTRE = "province", "district", "centre"
KEEPER_LABELS = {
    PROVINCE: _("จังหวัด"),
    DISTRICT: _("อำเภอ"),
    CENTRE: _("ศูนย์"),
}


@dataclass(frozen=True)
class ItemDef:
    number: int
    title: object
    keepers: tuple[str, ...]
    required: bool = True  # an item that may rightly be empty is shown, not listed as missing


ITEMS = (
    ItemDef(1, _("รายชื่อครัวเรือนที่เข้าสู่กระบวนการบริหารจัดการหนี้ที่ลดหนี้/ปลดหนี้ได้"), (PROVINCE, DISTRICT)),
    ItemDef(2, _("แผนการบริหารจัดการหนี้ของศูนย์จัดการกองทุนชุมชน"), (PROVINCE, DISTRICT)),
    ItemDef(
        3, _("ทะเบียนข้อมูลลูกหนี้และภาวะหนี้สินครัวเรือนทั้งหมดของกลุ่ม/องค์กร"), (PROVINCE, DISTRICT, CENTRE)
    ),
    ItemDef(
        4, _("แบบบันทึกการเข้าร่วมโครงการบริหารจัดการหนี้ 1 ครัวเรือน 1 สัญญา"), (PROVINCE, DISTRICT, CENTRE)
    ),
    ItemDef(5, _("สัญญาการถ่ายโอนภาระหนี้สินและมติคณะกรรมการ"), (PROVINCE, DISTRICT, CENTRE)),
    ItemDef(6, _("แผนพัฒนาชีวิตครัวเรือนเป้าหมาย"), (PROVINCE, DISTRICT, CENTRE)),
    ItemDef(7, _("บัญชีครัวเรือนของครัวเรือนเป้าหมาย"), (DISTRICT, CENTRE)),
    ItemDef(8, _("การอบรมวินัยทางการเงิน 3 วัน"), (DISTRICT, CENTRE)),
    ItemDef(9, _("การส่งเสริมอาชีพครัวเรือนเป้าหมาย"), (DISTRICT, CENTRE), required=False),
    ItemDef(10, _("การติดตามสนับสนุนและครัวเรือนต้นแบบ"), (DISTRICT, CENTRE), required=False),
    ItemDef(11, _("หลักฐานอื่น ๆ เช่น ภาพถ่ายกิจกรรม"), (PROVINCE, DISTRICT, CENTRE)),
)

NO_TARGETS = _("ยังไม่มีครัวเรือนเป้าหมายของปีงบประมาณ %(year)s")
NO_PLAN = _("ยังไม่มีแผนการบริหารจัดการหนี้ปีงบประมาณ %(year)s")
PLAN_NOT_APPROVED = _("แผนยังไม่ได้รับอนุมัติจากคณะกรรมการ")
NOT_SURVEYED = _("ยังไม่ได้สำรวจหนี้ของครัวเรือนในหมู่บ้าน")
NOT_CLASSIFIED = _("%(household)s: สำรวจหนี้แล้วแต่ยังไม่ได้จัดประเภทลูกหนี้")
NO_ENROLMENT_FORM = _("%(household)s: ยังไม่ได้แนบแบบบันทึกการเข้าร่วมโครงการที่ลงนาม")
NO_CONTRACT = _("%(event)s ของ %(household)s: ยังไม่ได้แนบสัญญาที่ลงนาม")
NO_DECISION = _("%(event)s ของ %(household)s: ยังไม่ได้ระบุมติคณะกรรมการ")
NO_LIFE_PLAN = _("%(household)s: ยังไม่มีแผนพัฒนาชีวิตครัวเรือน")
NO_LIFE_PLAN_DOCUMENT = _("%(household)s: ยังไม่ได้แนบเอกสารแผนพัฒนาชีวิต")
NO_ACCOUNTS = _("%(household)s: ยังไม่มีเดือนที่จัดทำบัญชีครัวเรือน")
NOT_TRAINED = _("%(household)s: ยังไม่ผ่านการอบรมครบ 3 วัน")
NO_PHOTOS = _("ยังไม่มีภาพถ่ายกิจกรรม (แนบได้ที่การติดตามสนับสนุน)")


@dataclass
class Missing:
    text: str
    url: str


@dataclass
class Document:
    """An attached file of the evidence, named for the zip of the province's file."""

    name: str
    file: object  # a FieldFile
    url: str


@dataclass
class Item:
    item: ItemDef
    required: bool = True  # False: satisfied even with nothing found
    found: int = 0  # the records that satisfy it
    note: str = ""
    missing: list[Missing] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    rows: list = field(default_factory=list)  # a generated list (items 1 and 3)

    @property
    def complete(self) -> bool:
        return not self.missing and (self.found > 0 or not self.required)

    @property
    def keepers(self) -> str:
        return " ".join(str(KEEPER_LABELS[k]) for k in self.item.keepers)


@dataclass
class CentreFile:
    centre: Centre
    period: Period
    items: list[Item]

    @property
    def gaps(self) -> int:
        """What is missing: each thing listed, and each required item with nothing found."""
        listed = sum(len(i.missing) for i in self.items)
        return listed + sum(1 for i in self.items if not i.missing and not i.complete)

    @property
    def complete(self) -> int:
        return sum(1 for i in self.items if i.complete)


def _name(target_or_household) -> str:
    return str(getattr(target_or_household, "household", target_or_household))


def centre_file(centre: Centre, period: Period) -> CentreFile:
    """The centre's evidence for ``period``: the KPI's households (items 1 and 3), the target
    households of the period's fiscal year and their records (4, 6-9), the plan of that year (2),
    and the steps, visits and photos dated in the period (5, 10, 11)."""
    year, start, end = period.fiscal_year, period.start, period.end
    items = {d.number: Item(d, required=d.required) for d in ITEMS}
    targets = list(
        TargetHousehold.objects.filter(centre=centre, fiscal_year=year, enrolled_on__lte=end)
        .select_related("household", "life_plan")
        .prefetch_related("account_months")
        .order_by("household__house_number", "id")
    )

    def support_url(target) -> str:
        return reverse("target_support", args=[target.pk])

    # 1: the households of the KPI that reduced or cleared their debt, as of the period's end.
    households = Household.objects.filter(centre=centre)
    counted = households.filter(figures.targets_in(period))
    reduced = list(figures.households_on(households, period, "reduced").order_by("house_number"))
    items[1].rows, items[1].found = reduced, len(reduced)
    items[1].required = False  # the list itself is the evidence, however long
    if not counted.exists():
        items[1].missing.append(
            Missing(
                str(NO_TARGETS % {"year": year}), reverse("centre_households", args=[centre.pk])
            )
        )

    # 2: the plan of the year, approved by the board.
    plan = DebtPlan.objects.filter(centre=centre, fiscal_year=year).select_related("approved_at")
    plan = plan.first()
    plan_url = reverse("centre_debt_plan", args=[centre.pk]) + f"?fy={year}"
    if plan is None:
        items[2].missing.append(Missing(str(NO_PLAN % {"year": year}), plan_url))
    elif plan.approved_at is None:
        items[2].missing.append(Missing(str(PLAN_NOT_APPROVED), plan_url))
    else:
        items[2].found = 1
        items[2].note = str(
            _("คณะกรรมการอนุมัติเมื่อ %(date)s") % {"date": _date(plan.approved_at.held_on)}
        )
        if plan.approved_at.minutes_file:
            items[2].documents.append(
                Document(
                    "plan-approval-minutes",
                    plan.approved_at.minutes_file,
                    reverse("meeting_minutes", args=[plan.approved_at.pk]),
                )
            )

    # 3: the register of every surveyed household; the surveyed ones not yet classified.
    surveyed = centre.households.filter(baseline_on__isnull=False, baseline_on__lte=end)
    items[3].rows = list(surveyed.select_related("debtor_class").order_by("house_number", "id"))
    items[3].found = len(items[3].rows)
    if not items[3].rows:
        items[3].missing.append(
            Missing(str(NOT_SURVEYED), reverse("centre_households", args=[centre.pk]))
        )
    for household in items[3].rows:
        if household.debtor_class_id is None:
            items[3].missing.append(
                Missing(
                    str(NOT_CLASSIFIED % {"household": household}),
                    reverse("household_classify", args=[household.pk]),
                )
            )

    # 4, 6, 7, 8: each target household's enrolment form, life plan, accounts and training.
    for target in targets:
        name = {"household": _name(target)}
        if target.enrolment_form:
            items[4].found += 1
            items[4].documents.append(
                Document(
                    f"enrolment-{target.household.house_number}",
                    target.enrolment_form,
                    reverse("enrolment_form", args=[target.pk]),
                )
            )
        else:
            items[4].missing.append(
                Missing(str(NO_ENROLMENT_FORM % name), reverse("target_edit", args=[target.pk]))
            )
        life_plan = getattr(target, "life_plan", None)
        if life_plan is None or life_plan.made_on > end:
            items[6].missing.append(Missing(str(NO_LIFE_PLAN % name), support_url(target)))
        elif not life_plan.document:
            items[6].found += 1
            items[6].missing.append(Missing(str(NO_LIFE_PLAN_DOCUMENT % name), support_url(target)))
        else:
            items[6].found += 1
            items[6].documents.append(
                Document(
                    f"life-plan-{target.household.house_number}",
                    life_plan.document,
                    reverse("life_plan_document", args=[life_plan.pk]),
                )
            )
        if any(m.month <= end for m in target.account_months.all()):
            items[7].found += 1
        else:
            items[7].missing.append(Missing(str(NO_ACCOUNTS % name), support_url(target)))
        if target.trained_on and target.trained_on <= end:
            items[8].found += 1
        else:
            items[8].missing.append(Missing(str(NOT_TRAINED % name), support_url(target)))
    if not targets:
        for number in (4, 6, 7, 8):
            items[number].missing.append(Missing(str(NO_TARGETS % {"year": year}), plan_url))

    # 5: every transfer and consolidation dated in the period, with its contract and decision.
    steps = DebtEvent.objects.filter(
        household__centre=centre,
        kind__in=[EventKind.TRANSFER, EventKind.CONSOLIDATION],
        occurred_on__range=(start, end),
    ).select_related("household")
    for event in steps.order_by("occurred_on", "id"):
        name = {"event": f"{event.get_kind_display()} {_date(event.occurred_on)}"}
        name["household"] = str(event.household)
        fix = reverse("event_evidence", args=[event.pk])
        if event.document:
            items[5].documents.append(
                Document(
                    f"contract-{event.pk}",
                    event.document,
                    reverse("event_document", args=[event.pk]),
                )
            )
        else:
            items[5].missing.append(Missing(str(NO_CONTRACT % name), fix))
        if not event.decision_ref:
            items[5].missing.append(Missing(str(NO_DECISION % name), fix))
        if event.document and event.decision_ref:
            items[5].found += 1
    if not steps.exists():
        items[5].note = str(_("ไม่มีการโอนหรือรวมหนี้ในงวดนี้"))
        items[5].required = False

    # 9, 10, 11: occupation support, visits and photos dated in the period.
    items[9].found = (
        OccupationSupport.objects.filter(target__centre=centre, given_on__range=(start, end))
        .values("target")
        .distinct()
        .count()
    )
    visits = FollowUpVisit.objects.filter(centre=centre, visited_on__range=(start, end))
    items[10].found = visits.count()
    items[10].note = str(
        _("มีครัวเรือนต้นแบบนำเสนอ %(n)s ครั้ง")
        % {"n": visits.filter(model_household__isnull=False).count()}
    )
    photos = VisitPhoto.objects.filter(visit__in=visits).select_related("visit")
    for photo in photos.order_by("visit__visited_on", "id"):
        items[11].found += 1
        items[11].documents.append(
            Document(
                f"photo-{photo.visit.visited_on}-{photo.pk}",
                photo.image,
                reverse("visit_photo", args=[photo.pk]),
            )
        )
    if not items[11].found:
        items[11].missing.append(
            Missing(str(NO_PHOTOS), reverse("centre_visits", args=[centre.pk]))
        )
    return CentreFile(centre, period, [items[d.number] for d in ITEMS])


def _date(day: datetime.date) -> str:
    return thai.format_date(day)


@dataclass
class CentreSummary:
    """A centre's evidence at a glance: per item, what is found and how much is missing (item
    1: found is how many households the KPI counts; the centre's file lists those that
    reduced)."""

    centre: Centre
    found: dict[int, int]
    missing: dict[int, int]
    required: dict[int, bool]

    def complete_of(self, number: int) -> bool:
        return not self.missing[number] and (self.found[number] > 0 or not self.required[number])

    @property
    def complete(self) -> int:
        return sum(1 for d in ITEMS if self.complete_of(d.number))

    @property
    def gaps(self) -> int:
        listed = sum(self.missing.values())
        return listed + sum(
            1 for d in ITEMS if not self.missing[d.number] and not self.complete_of(d.number)
        )


def area_centres(user, province=None):
    """The active centres of the user's area (of ``province`` for central office), in the order
    the evidence summary lists them."""
    centres = Centre.objects.visible_to(user).filter(status="active")
    if province is not None:
        centres = centres.filter(province=province)
    return centres.select_related("district").order_by("district__name_th", "name", "pk")


def area_summary(user, period: Period, centres) -> list[CentreSummary]:
    """Each of ``centres`` (of ``area_centres``: a page of them) and its evidence for
    ``period`` at a glance, counted set by set (a dozen queries however many centres): the
    same rules as ``centre_file``, which lists the details of one centre."""
    year, start, end = period.fiscal_year, period.start, period.end

    centres = list(centres)
    ids = [c.pk for c in centres]
    districts = sorted({c.district_id for c in centres})

    def here(model):
        """``model``'s rows of the page's districts, by its own indexed area column: the centre
        ids alone leave the planner to read the whole country's rows of the year, and the
        province a province's (ten times a page's at ten times the country)."""
        return model.objects.visible_to(user).filter(district__in=districts)

    found = {pk: dict.fromkeys(range(1, 12), 0) for pk in ids}
    missing = {pk: dict.fromkeys(range(1, 12), 0) for pk in ids}
    required = {pk: {d.number: d.required for d in ITEMS} for pk in ids}

    def put(rows, target, number):
        for pk, count in rows:
            target[pk][number] = count

    households = here(Household).filter(centre_id__in=ids)
    # The page's targets, read by their centre (``debts_target_centre_year``).
    targets = TargetHousehold.objects.visible_to(user).filter(centre_id__in=ids)
    # Item 1 at a glance is whether the centre has the KPI's households at all: the list of
    # those that reduced (their debts as of the period's last day, about as costly as the rest
    # of the page) is the centre's own file. Found: how many households the KPI counts.
    counted = targets.filter(figures.kpi_targets(period))
    put(_per_centre(counted, "centre_id", counted="household"), found, 1)
    for pk in ids:
        required[pk][1] = False
        missing[pk][1] = 0 if found[pk][1] else 1
    plans = here(DebtPlan).filter(centre_id__in=ids, fiscal_year=year)
    approved = set(plans.filter(approved_at__isnull=False).values_list("centre_id", flat=True))
    for pk in ids:
        found[pk][2], missing[pk][2] = (1, 0) if pk in approved else (0, 1)
    surveyed = households.filter(baseline_on__isnull=False, baseline_on__lte=end)
    for row in _counts(
        surveyed, "centre_id", unclassified=Count("id", filter=Q(debtor_class__isnull=True))
    ):
        found[row["key"]][3], missing[row["key"]][3] = row["total"], row["unclassified"]
    for pk in ids:
        if not found[pk][3]:
            missing[pk][3] = 1
    # Items 4, 6, 7 and 8 from the year's targets in one pass (a count of each kind per centre).
    kept = Exists(AccountMonth.objects.filter(target=OuterRef("pk"), month__lte=end))
    rows = _counts(
        targets.filter(fiscal_year=year, enrolled_on__lte=end),
        "centre_id",
        form=Count("id", filter=~Q(enrolment_form="")),
        planned=Count("id", filter=Q(life_plan__made_on__lte=end)),
        undocumented=Count("id", filter=Q(life_plan__made_on__lte=end, life_plan__document="")),
        kept=Count("id", filter=kept),
        trained=Count("id", filter=Q(trained_on__lte=end)),
    )
    with_any = set()
    for row in rows:
        pk, total = row["key"], row["total"]
        with_any.add(pk)
        found[pk][4], missing[pk][4] = row["form"], total - row["form"]
        found[pk][6] = row["planned"]
        missing[pk][6] = total - row["planned"] + row["undocumented"]
        found[pk][7], missing[pk][7] = row["kept"], total - row["kept"]
        found[pk][8], missing[pk][8] = row["trained"], total - row["trained"]
    for pk in ids:
        if pk not in with_any:
            for number in (4, 6, 7, 8):
                missing[pk][number] = 1
    # Item 5: each transfer or consolidation of the period, with its contract and decision.
    steps = here(DebtEvent).filter(
        household__centre_id__in=ids,
        kind__in=[EventKind.TRANSFER, EventKind.CONSOLIDATION],
        occurred_on__range=(start, end),
    )
    rows = _counts(
        steps,
        "household__centre_id",
        whole=Count("id", filter=~Q(document="") & ~Q(decision_ref="")),
        no_contract=Count("id", filter=Q(document="")),
        no_decision=Count("id", filter=Q(decision_ref="")),
    )
    with_steps = set()
    for row in rows:
        with_steps.add(row["key"])
        found[row["key"]][5] = row["whole"]
        missing[row["key"]][5] += row["no_contract"] + row["no_decision"]
    for pk in ids:
        required[pk][5] = pk in with_steps
    supports = here(OccupationSupport).filter(
        target__centre_id__in=ids, given_on__range=(start, end)
    )
    put(_per_centre(supports, "target__centre_id", counted="target"), found, 9)
    visits = here(FollowUpVisit).filter(centre_id__in=ids, visited_on__range=(start, end))
    put(_per_centre(visits, "centre_id"), found, 10)
    put(_per_centre(here(VisitPhoto).filter(visit__in=visits), "visit__centre_id"), found, 11)
    for pk in ids:
        if not found[pk][11]:
            missing[pk][11] = 1
    return [CentreSummary(c, found[c.pk], missing[c.pk], required[c.pk]) for c in centres]


def _per_centre(queryset, key: str, counted: str = "id"):
    """(centre id, how many distinct ``counted``) for each centre of ``queryset``."""
    return queryset.order_by().values_list(key).annotate(n=Count(counted, distinct=True))


def _counts(queryset, key: str, **counts) -> list[dict]:
    """For each centre of ``queryset`` (``key``): ``total`` rows and each of ``counts``."""
    return list(
        queryset.order_by().annotate(key=F(key)).values("key").annotate(total=Count("id"), **counts)
    )
