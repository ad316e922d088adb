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


@app.periodic(cron="*/10 * * * *")
@app.task(name="reports.keep_figures_sweep", queueing_lock="keep_figures_sweep")
def keep_figures_sweep(timestamp: int) -> int:
    """Every ten minutes, the figures of any closing in force that are not all kept (its job
    failed for good: the periods page would say "being kept" for ever). Returns how many."""
    from reports.periods import closings_unkept
    from reports.services import period_keep

    return sum(period_keep(closed) for closed in closings_unkept())


@app.task(name="reports.export_build", queue="exports", retry=TRANSIENT, pass_context=True)
def export_build(context, export_id: int) -> None:
    from reports.exports import export_run

    export_run(export_id, last_attempt=last_attempt(context))
