"""Exports as jobs on the queue (``cddfund/queue.py``)."""

from procrastinate.contrib.django import app

from cddfund.queue import TRANSIENT, last_attempt


@app.task(name="reports.keep_period_figures", retry=TRANSIENT)
def keep_period_figures(closing_id: int) -> int:
    """Keep the figures of a period just closed (``reports.services.period_close``); tried
    again if the database gives way, each report kept once."""
    from cddfund.models import PeriodClosing
    from reports.services import period_keep

    return period_keep(PeriodClosing.objects.get(pk=closing_id))


@app.task(name="reports.export_build", queue="exports", retry=TRANSIENT, pass_context=True)
def export_build(context, export_id: int) -> None:
    from reports.exports import export_run

    export_run(export_id, last_attempt=last_attempt(context))
