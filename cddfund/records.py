"""What every service shares: the edit check, common field rules, saving and deleting."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cddfund import closing, thai
from cddfund.scope import area_of, can_edit

FUTURE_DATE = _("วันที่ต้องไม่เลยวันนี้ (%(today)s)")
AMOUNT_NOT_POSITIVE = _("จำนวนเงินต้องมากกว่า 0 บาท")
FISCAL_YEAR_RANGE = _("ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2568")
IN_USE = _("ลบไม่ได้ เพราะมีข้อมูลอื่นอ้างถึงรายการนี้อยู่")


def within(record, **parent):
    """``record`` placed under its parent (``within(member, centre=centre)``): the link is set
    and the parent's province and district copied, as a record lives where its parent does."""
    ((name, value),) = parent.items()
    setattr(record, name, value)
    for column, area in area_of(value).items():
        setattr(record, column, area)
    return record


def check_can_edit(by, record) -> None:
    if not can_edit(by, record):
        raise PermissionDenied


def not_future(field: str, value) -> None:
    today = timezone.localdate()
    if value and value > today:
        raise ValidationError(
            {field: ValidationError(FUTURE_DATE, params={"today": thai.format_date(today)})}
        )


def positive_amount(field: str, value) -> None:
    if value is None or value <= 0:
        raise ValidationError({field: ValidationError(AMOUNT_NOT_POSITIVE)})


def fiscal_year_be(field: str, value) -> None:
    if value is None or not 2500 <= value <= 2700:
        raise ValidationError({field: ValidationError(FISCAL_YEAR_RANGE)})


def save(record, *, constraint_messages: dict | None = None):
    """full_clean, then save; a constraint the database still refuses (a race the checks in
    front of it could not see) becomes the same friendly message instead of a server error.

    A foreign key set from a loaded object is not looked up again (it came from the database,
    and the database's foreign key guarantees it); one set by id alone is checked."""
    loaded = [
        f.name
        for f in record._meta.concrete_fields
        if f.is_relation and f.many_to_one and f.is_cached(record)
    ]
    record.full_clean(exclude=loaded, validate_constraints=False)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:
        if refused := closing.refusal(exc):
            raise refused from exc
        for constraint, error in (constraint_messages or {}).items():
            if constraint in str(exc):
                raise ValidationError(error) from exc
        raise
    return record


def delete(record) -> None:
    try:
        with transaction.atomic():
            record.delete()
    except ProtectedError as exc:
        raise ValidationError(IN_USE) from exc
    except IntegrityError as exc:
        if refused := closing.refusal(exc):
            raise refused from exc
        raise
