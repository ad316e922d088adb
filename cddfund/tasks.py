"""The queue's own upkeep, run by any worker that is up (see ``cddfund/queue.py``)."""

from procrastinate.contrib.django import app

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
