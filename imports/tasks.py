"""An import's check and its import as jobs on the queue (``cddfund/queue.py``)."""

from procrastinate.contrib.django import app

from cddfund.queue import TRANSIENT, last_attempt


@app.task(name="imports.check", queue="imports", retry=TRANSIENT, pass_context=True)
def import_check(context, job_id: int) -> None:
    from imports import jobs

    jobs.run_in_child(jobs.check, job_id, last_attempt=last_attempt(context))


@app.task(name="imports.write", queue="imports", retry=TRANSIENT, pass_context=True)
def import_write(context, job_id: int) -> None:
    from imports import jobs

    jobs.run_in_child(jobs.write, job_id, last_attempt=last_attempt(context))
