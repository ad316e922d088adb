"""Every write of reports: closing a period and keeping its figures, and each closed period's
file handed out (its code and the SHA-256 of its bytes)."""

import hashlib

from django.db import connection, transaction

from cddfund import selectors as core_selectors
from cddfund import services as core_services
from cddfund.models import PeriodClosing
from cddfund.periods import Period
from reports import data, snapshots
from reports.models import IssuedDocument, Snapshot, SnapshotLevel, SnapshotRow
from reports.tasks import keep_period_figures
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


def period_close(*, by, period: Period) -> PeriodClosing:
    """Close ``period``; a worker then keeps its reports' figures for every district, province,
    the country and each centre (``period_keep``, queued with the closing).

    Closing is committed under the closing lock, which waits for the guarded writes under way
    and holds the others back only for that moment: from then on nothing dated in the period can
    change, so its figures are the same whenever they are counted. Counting them reads every
    record of the country (about a minute at ten times the country's size), so it is not done
    in the request: the job keeps them in a transaction of its own while the country goes on
    writing the open periods. Until they are kept, the period's reports are counted from its
    records, which say the same, and the periods page says the figures are being kept."""
    with transaction.atomic():
        closed = core_services.period_lock(by=by, period=period)
        keep_period_figures.defer(closing_id=closed.pk)
    return closed


def period_keep(closed: PeriodClosing) -> int:
    """Keep the figures of ``closed`` that are not kept yet, each report once (the request and
    the job take turns on the closing); none once it is reopened. Returns how many were kept."""
    own = not connection.in_atomic_block  # a transaction of its own: one view of every record
    with transaction.atomic():
        with connection.cursor() as cursor:
            if own:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext('reports.period_keep'), %s)", [closed.pk]
            )
        closed = PeriodClosing.objects.select_related("closed_by").get(pk=closed.pk)
        if closed.reopened_at is not None:
            return 0
        period = Period(closed.fiscal_year, closed.round)
        done = set(Snapshot.objects.filter(closing=closed).values_list("report", flat=True))
        kept = 0
        with core_selectors.counted_live():  # every record, none of the last count's
            for slug in snapshots.KEPT[period.round]:
                if slug not in done:
                    snapshot_write(closed, *data.kept(slug, closed.closed_by, period))
                    kept += 1
        return kept


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
