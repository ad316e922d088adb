"""Every write of reports: closing a period and keeping its figures, and each closed period's
file handed out (its code and the SHA-256 of its bytes)."""

import hashlib

from django.db import transaction

from cddfund import selectors as core_selectors
from cddfund import services as core_services
from cddfund.models import PeriodClosing
from cddfund.periods import Period
from reports import data, snapshots
from reports.models import IssuedDocument, Snapshot, SnapshotLevel, SnapshotRow
from reports.verification import Stamp


def snapshot_write(closed: PeriodClosing, report, centres: list[dict]) -> Snapshot:
    """Keep ``report`` (computed for the whole country) and each centre's figures
    (``centres``) as the closed period's figures."""
    rows = [
        SnapshotRow(
            level=SnapshotLevel.CENTRE,
            province_id=row["province_code"],
            district_id=row["district_code"],
            centre_id=row["centre"],
            figures=snapshots.figures_of(row),
        )
        for row in centres
    ]
    for section in report.sections:
        for row in section.rows:
            rows.append(
                SnapshotRow(
                    level=SnapshotLevel.DISTRICT,
                    province_id=row["province_code"],
                    district_id=row["district_code"],
                    figures=snapshots.figures_of(row),
                )
            )
        rows.append(
            SnapshotRow(
                level=SnapshotLevel.PROVINCE,
                province_id=section.rows[0]["province_code"],
                # The province's inspection region of the day, as its district rows keep it.
                figures=snapshots.figures_of(
                    {**section.subtotal, "region": section.rows[0].get("region")}
                ),
            )
        )
    rows.append(
        SnapshotRow(level=SnapshotLevel.COUNTRY, figures=snapshots.figures_of(report.total))
    )
    for position, row in enumerate(rows):
        row.position = position
    snapshot = Snapshot.objects.create(
        closing=closed, report=report.slug, checksum=snapshots.checksum(rows), notes=report.notes
    )
    for row in rows:
        row.snapshot = snapshot
    SnapshotRow.objects.bulk_create(rows, batch_size=1000)
    return snapshot


@transaction.atomic
def period_close(*, by, period: Period) -> PeriodClosing:
    """Close ``period``: lock its records and keep its reports' figures, for every district,
    province, the country and each centre, in one transaction (the lock holds every guarded
    write back until the figures are written)."""
    closed = core_services.period_lock(by=by, period=period)
    with core_selectors.counted_live():  # every record up to now, none of the last count's
        for slug in snapshots.KEPT[period.round]:
            snapshot_write(closed, *data.kept(slug, by, period))
    return closed


def document_issue(*, stamp: Stamp, report, user, extension: str, content: bytes) -> IssuedDocument:
    """Keep what the file handed out under ``stamp`` is: its report's snapshot, the reader's
    area and the SHA-256 of its bytes."""
    return IssuedDocument.objects.create(
        code=stamp.code,
        snapshot=report.snapshot,
        round=report.period.round,
        extension=extension,
        grouping=report.group,
        area_label=user.area_label,
        province_id=user.province_id,
        district_id=user.district_id,
        sha256=hashlib.sha256(content).hexdigest(),
        issued_by=user,
    )
