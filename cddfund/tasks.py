"""The queue's own upkeep, run by any worker that is up (see ``cddfund/queue.py``)."""

from procrastinate.contrib.django import app

from cddfund.queue import TRANSIENT

# Workers record a heartbeat every 10 seconds; one silent for this long is taken for dead.
STALLED_AFTER_SECONDS = 30


@app.periodic(cron="* * * * * */15")
@app.task(queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context, timestamp: int) -> int:
    """Jobs left "doing" by a worker that died go back to the queue, for another worker."""
    manager = context.app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_SECONDS)
    for job in stalled:
        await manager.retry_job(job)
    return len(stalled)


@app.periodic(cron="*/10 * * * *")
@app.task(name="cddfund.count_tallies", queueing_lock="tallies", retry=TRANSIENT)
def count_tallies(timestamp: int) -> int:
    """Every ten minutes, the counts per district that the wider areas' cards read
    (``cddfund.services.tallies_count``)."""
    from cddfund.services import tallies_count

    return tallies_count()


@app.task(name="cddfund.mail_notifications", queue="mail", retry=TRANSIENT)
def mail_notifications() -> int:
    """E-mail the notifications written since the last run (``cddfund/notifications.py``)."""
    from cddfund.notifications import mail_pending

    return mail_pending()


@app.periodic(cron="*/10 * * * *")
@app.task(name="cddfund.mail_notifications_sweep", queue="mail", queueing_lock="mail_sweep")
def mail_notifications_sweep(timestamp: int) -> int:
    """Every ten minutes, what a failed run left (the mail server was away)."""
    from cddfund.notifications import mail_pending

    return mail_pending()
