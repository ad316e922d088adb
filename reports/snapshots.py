"""A closed period's figures: written once (reports.services.period_close), and read by
every report of that period (preview, PDF, Excel, API, background export), so asking again later,
after any number of new records, shows the same figures.

A snapshot keeps each district's row, each province's subtotal and the country's total of one
report, computed for the whole country; a reader sees the rows of their own area, and the
subtotals and total are summed again from them exactly as the live report sums them.
"""

import hashlib
import json
from decimal import Decimal

from cddfund.periods import FIRST_ROUND, SECOND_ROUND, WHOLE_YEAR, Period
from reports.models import Snapshot, SnapshotLevel, SnapshotRow

# The reports a closing keeps: the levels and the SMART Saving Group programme are yearly; the
# debt figures by round and by year.
KEPT = {WHOLE_YEAR: ("levels", "debts", "ssg"), FIRST_ROUND: ("debts",)}
AREA_KEYS = ("province_code", "district_code", "centre")


def _value(value):
    return str(value) if isinstance(value, Decimal) else value


def figures_of(row: dict) -> dict:
    return {k: _value(v) for k, v in row.items() if k not in AREA_KEYS}


def canonical(rows) -> bytes:
    """The rows as the checksum reads them: level, province, district and figures, in order."""
    return json.dumps(
        [[r.level, r.province_id, r.district_id, r.centre_id, r.figures] for r in rows],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


def checksum(rows) -> str:
    return hashlib.sha256(canonical(rows)).hexdigest()


def current(slug: str, period: Period) -> Snapshot | None:
    """The snapshot in force for a report of ``period`` (round 2 reads the fiscal year's)."""
    round_ = WHOLE_YEAR if period.round == SECOND_ROUND else period.round
    return (
        Snapshot.objects.select_related("closing__closed_by")
        .filter(
            report=slug,
            closing__fiscal_year=period.fiscal_year,
            closing__round=round_,
            closing__reopened_at__isnull=True,
        )
        .first()
    )


def district_rows(
    snapshot: Snapshot, *, user=None, document=None, province: str | None = None
) -> list[dict]:
    """The district rows of ``snapshot`` that ``user`` may read (of ``province`` only, when one
    is named), or that an issued ``document`` showed (the area of whoever printed it), with
    their area codes."""
    rows = SnapshotRow.objects.filter(snapshot=snapshot, level=SnapshotLevel.DISTRICT)
    if user is not None:
        rows = rows.visible_to(user)
        if province:
            rows = rows.filter(province_id=province)
    else:
        area = {"province_id": document.province_id, "district_id": document.district_id}
        rows = rows.filter(**{k: v for k, v in area.items() if v})
    return [
        {**found, "province_code": province, "district_code": district}
        for found, province, district in rows.order_by("position").values_list(
            "figures", "province_id", "district_id"
        )
    ]


def province_rows(snapshot: Snapshot, user) -> list[dict]:
    """The province subtotals of ``snapshot`` that ``user`` may read, each labelled with its
    province's name: a row per province without reading a row per district. (A subtotal kept
    before regions were kept with it takes its province's region of today.)"""
    return [
        {
            "region": region,
            **found,
            "label": name,
            "province": name,
            "province_code": province,
        }
        for found, province, name, region in SnapshotRow.objects.visible_to(user)
        .filter(snapshot=snapshot, level=SnapshotLevel.PROVINCE)
        .order_by("position")
        .values_list("figures", "province_id", "province__name_th", "province__inspection_region")
    ]


def centre_rows(snapshot: Snapshot, user) -> list[dict]:
    """Each centre's kept figures that ``user`` may read."""
    return [
        {**found, "centre": centre}
        for found, centre in SnapshotRow.objects.visible_to(user)
        .filter(snapshot=snapshot, level=SnapshotLevel.CENTRE)
        .order_by("position")
        .values_list("figures", "centre_id")
    ]


def is_intact(snapshot: Snapshot) -> bool:
    """Whether the rows still give the checksum written with them."""
    return checksum(snapshot.rows.order_by("position")) == snapshot.checksum
