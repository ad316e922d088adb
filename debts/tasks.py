"""The debts' periodic job on the queue (``cddfund/queue.py``): the country's figures per
district counted again every ten minutes (``debts/services/rollup.py``)."""

from procrastinate.contrib.django import app

from cddfund.queue import TRANSIENT


@app.periodic(cron="*/10 * * * *")
@app.task(name="debts.count_district_figures", queueing_lock="district_figures", retry=TRANSIENT)
def count_district_figures(timestamp: int) -> int:
    from debts.services.rollup import district_figures_count

    return district_figures_count()
