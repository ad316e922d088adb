"""Exports as jobs on the queue (``cddfund/queue.py``)."""

from procrastinate.contrib.django import app

from cddfund.queue import TRANSIENT, last_attempt


@app.task(name="reports.export_build", queue="exports", retry=TRANSIENT, pass_context=True)
def export_build(context, export_id: int) -> None:
    from reports.exports import export_run

    export_run(export_id, last_attempt=last_attempt(context))
