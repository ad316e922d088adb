"""The assessments' periodic jobs on the queue (``cddfund/queue.py``): the deadline reminders
every morning and the provinces' weekly digest (``assessments/reminders.py``). The schedule
is in UTC: 01:00 is 08:00 in Thailand."""

from procrastinate.contrib.django import app

from cddfund.queue import TRANSIENT


@app.periodic(cron="0 1 * * *")
@app.task(
    name="assessments.deadline_reminders", queueing_lock="deadline_reminders", retry=TRANSIENT
)
def deadline_reminders(timestamp: int) -> int:
    from assessments import reminders

    return reminders.deadline_reminders()


@app.periodic(cron="0 1 * * 1")
@app.task(name="assessments.weekly_digest", queueing_lock="weekly_digest", retry=TRANSIENT)
def weekly_digest(timestamp: int) -> int:
    from assessments import reminders

    return reminders.weekly_digest()
