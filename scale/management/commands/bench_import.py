"""Time the Excel import of a large loan sheet: ``python manage.py bench_import --loans 50000``.

Generates a workbook of households (one per two loans) in one village of the officer's
district, checks it (dry run) and imports it, then rolls everything back: the database is left
as it was. Prints seconds, rows per second and the process's peak memory.
"""

import datetime
import random
import resource
import tempfile

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from openpyxl import Workbook

from cddfund import thai
from cddfund.models import User
from imports import running
from imports.sheets import SHEETS
from institutes.models import Centre


def _thai_id(n: int) -> str:
    return thai.with_check_digit(f"3{n:011d}")


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time checking and importing a large loan sheet (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--loans", type=int, default=50_000)
        parser.add_argument("--officer", default="phan")

    def handle(self, *args, loans, officer, **options):
        user = User.objects.filter(username=officer).first()
        centre = user and Centre.objects.filter(district=user.district).first()
        if centre is None:
            raise CommandError(f"{officer}: no district officer with a centre (run seed_demo)")
        groups = list(centre.village.groups.values_list("name", flat=True))
        random.seed(7)
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            self._workbook(handle.name, centre.village.code, groups, loans)
            self.stdout.write(f"workbook: {loans:,} loans, {loans // 2:,} households")
            try:
                with transaction.atomic():
                    for write in (False, True):
                        result, seconds = running.timed(running.run, handle.name, user, write=write)
                        rows = sum(s.rows for s in result.sheets)
                        label = "import" if write else "check"
                        self.stdout.write(
                            f"{label}: {rows:,} rows in {seconds:.1f} s "
                            f"({rows / seconds:,.0f} rows/s), {result.error_count} refused"
                        )
                    raise Rollback
            except Rollback:
                pass
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"peak memory of the process: {peak:.0f} MB (rolled back)")

    def _workbook(self, path, village, groups, loans):
        book = Workbook(write_only=True)
        households = SHEETS["households"]
        sheet = book.create_sheet(households.title)
        sheet.append([str(c.header) for c in households.columns])
        for n in range(loans // 2):
            sheet.append([village, f"{n + 1}/9", f"นายทดสอบ ที่{n + 1}", _thai_id(n + 1), 4, ""])
        loan_sheet = SHEETS["loans"]
        sheet = book.create_sheet(loan_sheet.title)
        sheet.append([str(c.header) for c in loan_sheet.columns])
        survey = "01/06/2568"
        for n in range(loans):
            principal = random.randrange(5_000, 100_000, 500)
            sheet.append(
                [
                    _thai_id(n // 2 + 1),
                    survey,
                    groups[n % len(groups)],
                    None,
                    None,
                    f"B{n + 1}",
                    None,
                    (datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 300)).strftime(
                        "%d/%m/" + str(2024 + 543)
                    ),
                    principal,
                    round(principal * random.uniform(0.2, 1.0), 2),
                    6,
                    24,
                    n % 4,
                    "ทุนประกอบอาชีพ",
                ]
            )
        book.save(path)
