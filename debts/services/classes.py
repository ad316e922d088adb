"""Debtor classes the board defines, each household's class, and target households."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cddfund import records, thai
from cddfund.models import User
from cddfund.scope import area_of
from debts.models import Classification, DebtorClass, Household, TargetHousehold
from debts.services.messages import NOT_SURVEYED
from debts.services.standing import refresh_standing
from institutes.models import Centre

REQUIRED = _("กรุณากรอกข้อมูลนี้")
CLASS_NAME_TAKEN = _("ศูนย์นี้มีประเภทลูกหนี้ชื่อ %(name)s อยู่แล้ว")
ARREARS_RANGE = _("ค้างชำระถึง ต้องไม่น้อยกว่า ค้างชำระตั้งแต่")
CLASS_OTHER_CENTRE = _("ประเภทลูกหนี้นี้เป็นของศูนย์อื่น")
ALREADY_TARGET = _("ครัวเรือนนี้เป็นเป้าหมายของปีงบประมาณ %(year)s อยู่แล้ว")
ENROLLED_BEFORE_SURVEY = _("วันที่เข้าร่วมโครงการต้องไม่ก่อนวันที่สำรวจหนี้ครั้งแรก (%(date)s)")
ENROLLED_AFTER_YEAR = _("วันที่เข้าร่วมโครงการต้องไม่หลังสิ้นปีงบประมาณ %(year)s (%(date)s)")

# A sensible first set by months in arrears, offered to a centre that has none yet.
DEFAULT_CLASSES = [
    ("ลูกหนี้ปกติ", "ชำระตรงตามสัญญา ไม่ค้างชำระ", 0, 0),
    ("ค้างชำระเล็กน้อย", "ค้างชำระ 1-3 เดือน", 1, 3),
    ("ค้างชำระปานกลาง", "ค้างชำระ 4-12 เดือน", 4, 12),
    ("ค้างชำระนาน", "ค้างชำระเกิน 12 เดือน ต้องปรับโครงสร้างหนี้", 13, None),
]

CLASS_FIELDS = ("name", "order", "description", "arrears_from", "arrears_to")


@transaction.atomic
def debtor_class_save(
    *, by: User, centre: Centre, debtor_class: DebtorClass | None = None, **fields
) -> DebtorClass:
    debtor_class = records.within(debtor_class or DebtorClass(), centre=centre)
    records.check_can_edit(by, debtor_class)
    for name in CLASS_FIELDS:
        if name in fields:
            setattr(debtor_class, name, fields[name])
    debtor_class.name = debtor_class.name.strip()
    low, high = debtor_class.arrears_from, debtor_class.arrears_to
    if low is not None and high is not None and high < low:
        raise ValidationError({"arrears_to": ValidationError(ARREARS_RANGE)})
    taken = (
        DebtorClass.objects.filter(centre=centre, name=debtor_class.name)
        .exclude(pk=debtor_class.pk)
        .exists()
    )
    if taken:
        raise ValidationError(
            {"name": ValidationError(CLASS_NAME_TAKEN, params={"name": debtor_class.name})}
        )
    return records.save(debtor_class)


@transaction.atomic
def debtor_class_delete(*, by: User, debtor_class: DebtorClass) -> None:
    records.check_can_edit(by, debtor_class)
    records.delete(debtor_class)


@transaction.atomic
def debtor_classes_add_defaults(*, by: User, centre: Centre) -> list[DebtorClass]:
    existing = set(centre.debtor_classes.values_list("name", flat=True))
    return [
        debtor_class_save(
            by=by,
            centre=centre,
            name=name,
            order=order,
            description=description,
            arrears_from=low,
            arrears_to=high,
        )
        for order, (name, description, low, high) in enumerate(DEFAULT_CLASSES, start=1)
        if name not in existing
    ]


def suggested_class(household: Household) -> DebtorClass | None:
    """The class whose arrears range holds the household's longest arrears, if one does."""
    longest = max(
        (loan.months_in_arrears for loan in household.loans.filter(status="active")), default=0
    )
    for debtor_class in household.centre.debtor_classes.all():
        low = debtor_class.arrears_from
        high = debtor_class.arrears_to
        if low is None and high is None:
            continue
        if (low is None or longest >= low) and (high is None or longest <= high):
            return debtor_class
    return None


@transaction.atomic
def household_classify(
    *, by: User, household: Household, debtor_class: DebtorClass, note: str = ""
) -> Classification:
    classification = Classification(
        household=household,
        debtor_class=debtor_class,
        classified_by=by,
        note=note,
        **area_of(household),
    )
    records.check_can_edit(by, classification)
    if not household.surveyed:
        raise ValidationError(NOT_SURVEYED)
    if debtor_class.centre_id != household.centre_id:
        raise ValidationError({"debtor_class": ValidationError(CLASS_OTHER_CENTRE)})
    records.save(classification)
    household.debtor_class = debtor_class
    household.save(update_fields=["debtor_class"])
    return classification


# A target's training, life plan and accounts follow from their records (services/programme.py).
TARGET_FIELDS = ("reason", "enrolled_on", "enrolment_form")


@transaction.atomic
def target_save(
    *,
    by: User,
    household: Household,
    fiscal_year: int,
    target: TargetHousehold | None = None,
    **fields,
) -> TargetHousehold:
    target = target or TargetHousehold(
        household=household,
        centre_id=household.centre_id,
        **area_of(household),
        chosen_by=by,
    )
    records.check_can_edit(by, target)
    if not household.surveyed:
        raise ValidationError(NOT_SURVEYED)
    records.fiscal_year_be("fiscal_year", fiscal_year)
    _check_enrolment(household, fiscal_year, fields.get("enrolled_on", target.enrolled_on))
    taken = (
        TargetHousehold.objects.filter(household=household, fiscal_year=fiscal_year)
        .exclude(pk=target.pk)
        .exists()
    )
    if taken:
        raise ValidationError(
            {"fiscal_year": ValidationError(ALREADY_TARGET, params={"year": fiscal_year})}
        )
    # A move of the enrolment changes the periods of both its days.
    days = [day for day in (target.enrolled_on, fields.get("enrolled_on")) if day is not None]
    target.fiscal_year = fiscal_year
    for name in TARGET_FIELDS:
        if name in fields and (name != "enrolment_form" or fields[name]):  # no file: kept
            setattr(target, name, fields[name])
    records.save(target)
    refresh_standing(household, dated=min(days))  # its first enrolment may have moved
    return target


def _check_enrolment(household: Household, fiscal_year: int, enrolled_on) -> None:
    """Enrolled (แบบบันทึกการเข้าร่วมโครงการ) after its debts were surveyed, by the end of the
    fiscal year it is a target of, and not in the future."""
    if enrolled_on is None:
        raise ValidationError({"enrolled_on": ValidationError(REQUIRED, code="required")})
    records.not_future("enrolled_on", enrolled_on)
    if enrolled_on < household.baseline_on:
        raise ValidationError(
            {
                "enrolled_on": ValidationError(
                    ENROLLED_BEFORE_SURVEY, params={"date": thai.format_date(household.baseline_on)}
                )
            }
        )
    year_end = thai.fiscal_year_bounds(fiscal_year)[1]
    if enrolled_on > year_end:
        raise ValidationError(
            {
                "enrolled_on": ValidationError(
                    ENROLLED_AFTER_YEAR,
                    params={"year": fiscal_year, "date": thai.format_date(year_end)},
                )
            }
        )
