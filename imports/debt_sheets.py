"""Households and their surveyed loans from Excel, written through the debts services.

A household's loans of one survey date come in together, as that survey: the first one is the
household's baseline, which never changes afterwards. Loans already recorded are matched by
their contract number within the creditor; their surveyed figures cannot be changed by a file.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from cddfund import thai
from cddfund.scope import can_edit
from debts.models import ExternalKind, Household, Loan, SurveyLine
from debts.services import households as household_services
from imports import sheets
from imports.centre_sheets import VILLAGE, centre_of, group_of
from imports.running import messages_of
from imports.sheets import CREATED, UNCHANGED, UPDATED, Column, RowError, RowErrors, Sheet

HOUSEHOLD_UNKNOWN = _("ไม่พบครัวเรือนที่หัวหน้าครัวเรือนมีเลขประจำตัวประชาชนนี้ (นำเข้าแผ่นงานครัวเรือนก่อน)")
MOVED_VILLAGE = _("ครัวเรือนนี้บันทึกไว้ที่%(village)s แล้ว การย้ายหมู่บ้านทำด้วยการนำเข้าไม่ได้")
POSSIBLE_DUPLICATE = _(
    "อาจซ้ำกับครัวเรือนที่มีอยู่: บ้านเลขที่ %(house)s %(name)s (เลขประจำตัวต่างกัน) ตรวจสอบแล้วเพิ่มครัวเรือนนี้ทางหน้าจอ"
)
CREDITOR_ONE = _("กรอกชื่อกลุ่มเจ้าหนี้ในหมู่บ้าน หรือประเภทและชื่อสถาบันการเงินนอกหมู่บ้าน อย่างใดอย่างหนึ่ง")
OTHER_HOUSEHOLD = _("สัญญาเลขที่ %(number)s ของเจ้าหนี้นี้เป็นของครัวเรือนอื่นแล้ว")
SURVEYED_FIGURES = _(
    "สัญญานี้บันทึกในการสำรวจวันที่ %(date)s แล้ว ตัวเลขที่สำรวจแก้ด้วยการนำเข้าไม่ได้ "
    "(การชำระหรือปรับโครงสร้างหนี้บันทึกที่หน้าครัวเรือน)"
)
NOT_IN_SURVEY = _("สัญญานี้ไม่อยู่ในการสำรวจวันที่ %(date)s ของครัวเรือนนี้")
SURVEY_TAKEN = _("ครัวเรือนนี้มีการสำรวจวันที่ %(date)s แล้ว สัญญาที่พบเพิ่มให้กรอกวันที่สำรวจครั้งใหม่")


# --- ครัวเรือน --------------------------------------------------------------------------------

HOUSEHOLD_VALUES = ("house_number", "head_name", "members", "phone")


def household_of(context, national_id: str, column: str = "head_national_id") -> Household:
    household = context.remember(
        ("household", national_id),
        lambda: (
            Household.objects.select_related("village").filter(head_national_id=national_id).first()
        ),
    )
    if household is None:
        raise RowError(column, HOUSEHOLD_UNKNOWN)
    if not can_edit(context.user, household):
        raise RowError(column, sheets.OUT_OF_AREA)
    return household


def write_household(context, run):
    ((_number, row),) = run
    centre = centre_of(context, row["village"])
    values = {k: row[k] for k in HOUSEHOLD_VALUES}
    existing = Household.objects.filter(head_national_id=row["head_national_id"]).first()
    if existing is None:
        try:
            household_services.household_create(
                by=context.user, centre=centre, head_national_id=row["head_national_id"], **values
            )
        except ValidationError as exc:
            duplicate = (
                next((e for e in exc.error_list if e.code == "possible_duplicate"), None)
                if not hasattr(exc, "error_dict")
                else None
            )
            if duplicate is not None:
                raise RowError("house_number", POSSIBLE_DUPLICATE % duplicate.params) from exc
            raise
        return [CREATED]
    if not can_edit(context.user, existing):
        raise RowError("head_national_id", sheets.OUT_OF_AREA)
    if existing.village_id != centre.village_id:
        raise RowError("village", MOVED_VILLAGE % {"village": existing.village})
    if not sheets.differs(existing, values, HOUSEHOLD_VALUES):
        return [UNCHANGED]
    household_services.household_update(
        by=context.user, household=existing, duplicate_confirmed=True, **values
    )
    return [UPDATED]


def household_rows(user):
    for h in (
        Household.objects.visible_to(user)
        .select_related("village")
        .order_by("village__subdistrict_id", "village__moo", "house_number", "id")
    ):
        yield {"village": h.village.code, "head_national_id": h.head_national_id} | {
            k: getattr(h, k) for k in HOUSEHOLD_VALUES
        }


HOUSEHOLDS = sheets.register(
    Sheet(
        key="households",
        title="ครัวเรือน",
        columns=(
            VILLAGE,
            Column("house_number", _("บ้านเลขที่")),
            Column("head_name", _("ชื่อ-นามสกุลหัวหน้าครัวเรือน"), width=30),
            Column(
                "head_national_id",
                _("เลขประจำตัวประชาชนหัวหน้าครัวเรือน"),
                "national_id",
                width=22,
                note=_("13 หลัก ระบบตรวจหลักตรวจสอบ"),
            ),
            Column("members", _("จำนวนสมาชิก (คน)"), "int"),
            Column("phone", _("โทรศัพท์"), required=False),
        ),
        instructions=(
            _("ครัวเรือนที่สำรวจหนี้ หนึ่งแถวต่อหนึ่งครัวเรือน หมู่บ้านต้องมีศูนย์จัดการกองทุนชุมชนแล้ว"),
            _("ครัวเรือนที่เลขประจำตัวประชาชนหัวหน้าครัวเรือนตรงกับที่มีอยู่ จะถูกแก้ไขตามไฟล์"),
        ),
        write=write_household,
        rows=household_rows,
        key_of=lambda row: (row["head_national_id"],),
        order=50,
    )
)


# --- สัญญาเงินกู้ (แบบสำรวจหนี้) -------------------------------------------------------------

FIGURES = ("outstanding", "interest_rate", "term_months", "months_in_arrears")
DETAILS = ("principal", "contract_date")
TEXTS = ("borrower", "purpose")


def _creditor(context, household, row):
    external = bool(row["external_kind"] or row["external_name"])
    if bool(row["creditor_group"]) == external or (
        external and not (row["external_kind"] and row["external_name"])
    ):
        raise RowError("creditor_group", CREDITOR_ONE)
    if row["creditor_group"]:
        group = group_of(context, household.village, row["creditor_group"], "creditor_group")
        return group, Loan.objects.filter(creditor_group=group, contract_no=row["contract_no"])
    return None, Loan.objects.filter(
        household=household,
        creditor_group=None,
        external_name=row["external_name"],
        contract_no=row["contract_no"],
    )


def _check_recorded(loan, row, survey) -> bool:
    """Whether a recorded loan's row changes its free text; RowError if it changes figures."""
    date = thai.format_date(survey.surveyed_on) if survey else ""
    if survey is None:
        line = None
        if any(getattr(loan, k) != row[k] for k in FIGURES + DETAILS):
            raise RowError("outstanding", SURVEYED_FIGURES % {"date": date or "-"})
    else:
        line = next((x for x in survey.lines.all() if x.loan_id == loan.pk), None)
        if line is None:
            raise RowError("contract_no", NOT_IN_SURVEY % {"date": date})
        if any(getattr(line, k) != row[k] for k in FIGURES) or any(
            getattr(loan, k) != row[k] for k in DETAILS
        ):
            raise RowError("outstanding", SURVEYED_FIGURES % {"date": date})
    return (row["borrower"] and row["borrower"] != loan.borrower) or row["purpose"] != loan.purpose


def write_loans(context, run):
    """One household's loans of one survey date."""
    first = run[0][1]
    try:
        household = household_of(context, first["head_national_id"])
    except RowError as exc:
        exc.row = run[0][0]
        raise
    surveyed_on = first["surveyed_on"]
    survey = household.surveys.filter(surveyed_on=surveyed_on).prefetch_related("lines").first()
    outcomes, new, changed_texts, errors = {}, [], [], []
    for number, row in run:
        try:
            group, same = _creditor(context, household, row)
            loan = same.first()
            if loan is not None and loan.household_id != household.pk:
                raise RowError("contract_no", OTHER_HOUSEHOLD % {"number": row["contract_no"]})
            if loan is None:
                if survey is not None:
                    raise RowError(
                        "surveyed_on", SURVEY_TAKEN % {"date": thai.format_date(surveyed_on)}
                    )
                new.append((number, row, group))
                outcomes[number] = CREATED
            elif _check_recorded(loan, row, survey):
                changed_texts.append((loan, row))
                outcomes[number] = UPDATED
            else:
                outcomes[number] = UNCHANGED
        except RowError as exc:
            exc.row = number
            errors.append(exc)
    if errors:
        raise RowErrors(errors)
    if new:
        inputs = [
            household_services.LoanInput(
                contract_no=row["contract_no"],
                borrower=row["borrower"],
                contract_date=row["contract_date"],
                principal=row["principal"],
                outstanding=row["outstanding"],
                interest_rate=row["interest_rate"],
                term_months=row["term_months"],
                months_in_arrears=row["months_in_arrears"] or 0,
                purpose=row["purpose"],
                creditor_group=group,
                external_kind=row["external_kind"] or "",
                external_name=row["external_name"],
            )
            for _number, row, group in new
        ]
        try:
            household_services.survey_record(
                by=context.user, household=household, surveyed_on=surveyed_on, new_loans=inputs
            )
        except (ValidationError, PermissionDenied) as exc:
            raise _survey_errors(exc, [number for number, _row, _group in new]) from exc
    for loan, row in changed_texts:
        household_services.loan_details_update(
            by=context.user, loan=loan, borrower=row["borrower"], purpose=row["purpose"]
        )
    return [outcomes[number] for number, _row in run]


def _survey_errors(exc, numbers: list[int]) -> RowErrors:
    """survey_record names a new loan's field ``loans-<i>-<field>``: back to its row."""
    errors = []
    for row, column, message in messages_of(exc):
        if column and column.startswith("loans-"):
            _prefix, index, field = column.split("-", 2)
            errors.append(RowError(field, message, numbers[int(index)]))
        else:
            errors.append(RowError(column, message, row or numbers[0]))
    return RowErrors(errors)


LOAN_ROW_FIELDS = (
    "survey__household_id",
    "survey__household__head_national_id",
    "survey__surveyed_on",
    "loan_id",
    "loan__creditor_group__name",
    "loan__external_kind",
    "loan__external_name",
    "loan__contract_no",
    "loan__borrower",
    "loan__contract_date",
    "loan__principal",
    "outstanding",
    "interest_rate",
    "term_months",
    "months_in_arrears",
    "loan__purpose",
)


def loan_rows(user):
    """Each loan as its first survey recorded it, a household's loans of one survey together
    (loans opened by a restructuring were never surveyed and are not part of this register).
    Read as plain tuples: this register can hold millions of rows."""
    lines = (
        SurveyLine.objects.visible_to(user)
        .order_by(
            "survey__household__village_id",
            "survey__household_id",
            "survey__surveyed_on",
            "survey_id",
            "loan_id",
        )
        .values_list(*LOAN_ROW_FIELDS)
    )
    household_id, seen = None, set()
    for (
        household,
        national_id,
        surveyed_on,
        loan,
        group,
        external_kind,
        external_name,
        contract_no,
        borrower,
        contract_date,
        principal,
        outstanding,
        rate,
        term,
        arrears,
        purpose,
    ) in lines.iterator(chunk_size=5000):
        if household != household_id:
            household_id, seen = household, set()
        if loan in seen:
            continue
        seen.add(loan)
        yield {
            "head_national_id": national_id,
            "creditor_group": group or "",
            "external_kind": external_kind or None,
            "external_name": external_name,
            "contract_no": contract_no,
            "borrower": borrower,
            "contract_date": contract_date,
            "principal": principal,
            "outstanding": outstanding,
            "interest_rate": rate,
            "term_months": term,
            "months_in_arrears": arrears,
            "purpose": purpose,
            "surveyed_on": surveyed_on,
        }


LOANS = sheets.register(
    Sheet(
        key="loans",
        title="สัญญาเงินกู้ (สำรวจหนี้)",
        columns=(
            Column("head_national_id", _("เลขประจำตัวประชาชนหัวหน้าครัวเรือน"), "national_id", width=22),
            Column("surveyed_on", _("วันที่สำรวจ"), "date"),
            Column(
                "creditor_group",
                _("กลุ่มเจ้าหนี้ในหมู่บ้าน"),
                required=False,
                width=28,
                note=_("ชื่อกลุ่มตามทะเบียนกลุ่มของหมู่บ้าน (เว้นว่างถ้าเป็นสถาบันการเงินนอกหมู่บ้าน)"),
            ),
            Column(
                "external_kind",
                _("สถาบันการเงินนอกหมู่บ้าน: ประเภท"),
                "choice",
                required=False,
                choices=tuple((v, str(label)) for v, label in ExternalKind.choices),
                width=28,
            ),
            Column("external_name", _("สถาบันการเงินนอกหมู่บ้าน: ชื่อ"), required=False, width=24),
            Column("contract_no", _("เลขที่สัญญา")),
            Column("borrower", _("ผู้กู้"), required=False, note=_("เว้นว่าง = หัวหน้าครัวเรือน")),
            Column("contract_date", _("วันที่ทำสัญญา"), "date"),
            Column("principal", _("เงินต้นตามสัญญา (บาท)"), "money"),
            Column("outstanding", _("หนี้คงค้าง (บาท)"), "money"),
            Column("interest_rate", _("อัตราดอกเบี้ย (% ต่อปี)"), "decimal"),
            Column("term_months", _("ระยะเวลา (เดือน)"), "int"),
            Column("months_in_arrears", _("ค้างชำระ (เดือน)"), "int", required=False),
            Column("purpose", _("วัตถุประสงค์การกู้"), required=False, width=24),
        ),
        instructions=(
            _(
                "หนึ่งแถวต่อหนึ่งสัญญา สัญญาของครัวเรือนเดียวกันในวันที่สำรวจเดียวกันต้องอยู่ติดกัน "
                "(นำเข้าพร้อมกันเป็นการสำรวจหนึ่งครั้ง)"
            ),
            _("การสำรวจครั้งแรกของครัวเรือนเป็นฐาน (baseline) ซึ่งแก้ไขภายหลังไม่ได้"),
            _("สัญญาที่บันทึกแล้วจับคู่ด้วยเลขที่สัญญาภายในเจ้าหนี้เดียวกัน"),
        ),
        write=write_loans,
        rows=loan_rows,
        key_of=lambda row: (
            row["head_national_id"],
            row["creditor_group"] or row["external_name"],
            row["contract_no"],
        ),
        group_of=lambda row: (row["head_national_id"], row["surveyed_on"]),
        group_label=_("ครัวเรือนเดียวกันในวันที่สำรวจเดียวกัน"),
        order=60,
    )
)
