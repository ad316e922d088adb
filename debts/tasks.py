"""The debts' periodic jobs on the queue (``cddfund/queue.py``), every ten minutes: the
country's figures per district counted again, and each district's rows of today's household
counts folded into one (``debts/services/rollup.py``)."""

from procrastinate.contrib.django import app

from cddfund.queue import TRANSIENT


@app.periodic(cron="*/10 * * * *")
@app.task(name="debts.count_district_figures", queueing_lock="district_figures", retry=TRANSIENT)
def count_district_figures(timestamp: int) -> int:
    from debts.services.rollup import district_figures_count

    return district_figures_count()


@app.periodic(cron="*/10 * * * *")
@app.task(name="debts.fold_household_counts", queueing_lock="household_counts", retry=TRANSIENT)
def fold_household_counts(timestamp: int) -> int:
    from debts.services.rollup import household_counts_fold

    return household_counts_fold()
