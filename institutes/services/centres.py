from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cddfund import records, thai
from cddfund.models import User, Village
from cddfund.scope import area_of
from institutes.models import AccountRole, BankAccount, Centre, OperatingModel
from institutes.services import books

CENTRE_VILLAGE_TAKEN = _("หมู่บ้านนี้มีศูนย์อยู่แล้ว: %(name)s")
TRANSITION_STEP_REQUIRED = _("ศูนย์รูปแบบที่ 2-4 ต้องระบุขั้นการปรับสู่รูปแบบที่ 1")
BUDGET_YEAR_REQUIRED = _("ระบุปีงบประมาณที่ได้รับงบจากกรมฯ")
BUDGET_YEAR_BEFORE_FOUNDING = _("ปีงบประมาณ %(year)s อยู่หลังปีที่จัดตั้ง (ปีงบประมาณ %(founded)s) เกิน 1 ปี")
OFFICE_ADDRESS_REQUIRED = _("ระบุที่ตั้งที่ทำการ")
LEAD_GROUP_OTHER_VILLAGE = _("กลุ่มแกนนำต้องเป็นกลุ่มในหมู่บ้านเดียวกับศูนย์")
BANK_ACCOUNT_TAKEN = _("บัญชี %(bank)s เลขที่ %(number)s มีในระบบแล้ว")

CENTRE_FIELDS = (
    "name",
    "founded_on",
    "cdd_budget",
    "budget_fiscal_year",
    "operating_model",
    "transition_step",
    "share_price",
    "lead_group",
    "has_fixed_office",
    "office_address",
    "regulations_approved_on",
    "regulations_file",
    "regulations_separate",
    "status",
)


def _check_centre(centre: Centre) -> None:
    records.not_future("founded_on", centre.founded_on)
    records.not_future("regulations_approved_on", centre.regulations_approved_on)
    if centre.operating_model == OperatingModel.SAVINGS_LED:
        centre.transition_step = None
    elif centre.transition_step is None:
        raise ValidationError({"transition_step": ValidationError(TRANSITION_STEP_REQUIRED)})
    if not centre.cdd_budget:
        centre.budget_fiscal_year = None
    elif centre.budget_fiscal_year is None:
        raise ValidationError({"budget_fiscal_year": ValidationError(BUDGET_YEAR_REQUIRED)})
    else:
        records.fiscal_year_be("budget_fiscal_year", centre.budget_fiscal_year)
        founded = thai.fiscal_year(centre.founded_on)
        if centre.budget_fiscal_year > founded + 1:
            raise ValidationError(
                {
                    "budget_fiscal_year": ValidationError(
                        BUDGET_YEAR_BEFORE_FOUNDING,
                        params={"year": centre.budget_fiscal_year, "founded": founded},
                    )
                }
            )
    if centre.has_fixed_office and not centre.office_address.strip():
        raise ValidationError({"office_address": ValidationError(OFFICE_ADDRESS_REQUIRED)})
    if centre.lead_group_id and centre.lead_group.village_id != centre.village_id:
        raise ValidationError({"lead_group": ValidationError(LEAD_GROUP_OTHER_VILLAGE)})
    taken = Centre.objects.filter(village_id=centre.village_id).exclude(pk=centre.pk).first()
    if taken:
        raise ValidationError(
            {"village": ValidationError(CENTRE_VILLAGE_TAKEN, params={"name": taken.name})}
        )


@transaction.atomic
def centre_create(*, by: User, village: Village, **fields) -> Centre:
    centre = Centre(village=village, **area_of(village))
    for name in CENTRE_FIELDS:
        if name in fields:
            setattr(centre, name, fields[name])
    records.check_can_edit(by, centre)
    _check_centre(centre)
    records.save(
        centre,
        constraint_messages={
            "institutes_centre_one_per_village": {
                "village": CENTRE_VILLAGE_TAKEN % {"name": centre.name}
            }
        },
    )
    books.accounts_ensure(centre)
    return centre


@transaction.atomic
def centre_update(*, by: User, centre: Centre, **fields) -> Centre:
    records.check_can_edit(by, centre)
    for name in CENTRE_FIELDS:
        if name in fields:
            setattr(centre, name, fields[name])
    _check_centre(centre)
    return records.save(centre)


def bank_account_save(
    *, by: User, centre: Centre, account: BankAccount | None = None, **fields
) -> BankAccount:
    account = records.within(account or BankAccount(), centre=centre)
    records.check_can_edit(by, account)
    for name in ("bank", "branch", "number", "name", "is_active"):
        if name in fields:
            setattr(account, name, fields[name])
    duplicate = (
        BankAccount.objects.filter(bank=account.bank, number=account.number)
        .exclude(pk=account.pk)
        .exists()
    )
    if duplicate:
        raise ValidationError(
            {
                "number": ValidationError(
                    BANK_ACCOUNT_TAKEN, params={"bank": account.bank, "number": account.number}
                )
            }
        )
    records.save(account)
    # Its account in the centre's books, so that entries can name it from the start.
    books.account_of(centre, AccountRole.BANK, bank_account=account)
    return account


def bank_account_delete(*, by: User, account: BankAccount) -> None:
    records.check_can_edit(by, account)
    records.delete(account)
