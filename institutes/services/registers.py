"""Operating capital, meetings, the annual action plan and community welfare.

Each register has one save (create or change) and one delete; the rules of each are in its
``_check_*`` function.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cddfund import records, thai
from cddfund.models import User
from institutes.models import (
    CapitalReceipt,
    Centre,
    Meeting,
    Membership,
    PlanActivity,
    WelfareGrant,
)

DONE_BEFORE_FISCAL_YEAR = _("วันที่ทำแล้วต้องอยู่ในหรือหลังปีงบประมาณ %(year)s (เริ่ม %(start)s)")
WELFARE_GROUP_NOT_MEMBER = _("กลุ่ม %(group)s ไม่ได้เป็นสมาชิกของศูนย์ในปีงบประมาณ %(year)s")
BEFORE_CENTRE_FOUNDED = _("วันที่ต้องไม่ก่อนวันจัดตั้งศูนย์ (%(date)s)")


def _not_before_founding(field, value, centre: Centre) -> None:
    if value and value < centre.founded_on:
        raise ValidationError(
            {
                field: ValidationError(
                    BEFORE_CENTRE_FOUNDED, params={"date": thai.format_date(centre.founded_on)}
                )
            }
        )


def _check_capital(receipt: CapitalReceipt) -> None:
    records.positive_amount("amount", receipt.amount)
    records.not_future("received_on", receipt.received_on)


def _check_meeting(meeting: Meeting) -> None:
    records.not_future("held_on", meeting.held_on)
    _not_before_founding("held_on", meeting.held_on, meeting.centre)


def _check_activity(activity: PlanActivity) -> None:
    records.fiscal_year_be("fiscal_year", activity.fiscal_year)
    records.not_future("done_on", activity.done_on)
    start, _end = thai.fiscal_year_bounds(activity.fiscal_year)
    if activity.done_on and activity.done_on < start:
        raise ValidationError(
            {
                "done_on": ValidationError(
                    DONE_BEFORE_FISCAL_YEAR,
                    params={"year": activity.fiscal_year, "start": thai.format_date(start)},
                )
            }
        )


def _check_welfare(grant: WelfareGrant) -> None:
    records.fiscal_year_be("fiscal_year", grant.fiscal_year)
    records.positive_amount("amount", grant.amount)
    start, end = thai.fiscal_year_bounds(grant.fiscal_year)
    member_in_year = (
        Membership.objects.filter(
            centre=grant.centre, group_id=grant.via_group_id, joined_on__lte=end
        )
        .exclude(left_on__lt=start)
        .exists()
    )
    if not member_in_year:
        raise ValidationError(
            {
                "via_group": ValidationError(
                    WELFARE_GROUP_NOT_MEMBER,
                    params={"group": grant.via_group.name, "year": grant.fiscal_year},
                )
            }
        )


RECORD_RULES = {
    CapitalReceipt: (("source", "received_on", "amount", "giver", "reference"), _check_capital),
    Meeting: (("kind", "held_on", "attendance", "agenda", "minutes_file"), _check_meeting),
    PlanActivity: (("fiscal_year", "title", "planned_month", "done_on", "note"), _check_activity),
    WelfareGrant: (("fiscal_year", "category", "via_group", "people", "amount"), _check_welfare),
}


@transaction.atomic
def register_save(*, by: User, centre: Centre, model, record=None, **fields):
    """Create (``record=None``) or change a record of one of the ``RECORD_RULES``."""
    names, check = RECORD_RULES[model]
    record = records.within(record or model(), centre=centre)
    records.check_can_edit(by, record)
    for name in names:
        # An empty file input keeps the file already stored.
        if name in fields and not (name.endswith("_file") and fields[name] is None):
            setattr(record, name, fields[name])
    check(record)
    return records.save(record)


@transaction.atomic
def register_delete(*, by: User, record) -> None:
    records.check_can_edit(by, record)
    records.delete(record)
