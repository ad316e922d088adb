"""Write a report to a file from the command line (central office's scheduled exports, and the
benchmarks, which run it in a process of its own to measure its memory).

    python manage.py export_report levels --user central --out levels.pdf
    python manage.py export_report registers --register all --province 57 --user central --out r.pdf

(A register in the layout of the Excel import, such as every loan: ``export_sheet``.)
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cddfund import thai
from cddfund.models import Province, User
from cddfund.periods import Period
from reports import data, exports


class Command(BaseCommand):
    help = "Write a report (PDF or Excel, by the file's extension) as a given user would get it."

    def add_arguments(self, parser):
        parser.add_argument("report", help="levels, debts, directory or registers")
        parser.add_argument("--user", required=True, help="whose scope the report covers")
        parser.add_argument("--out", required=True, help="a .pdf or .xlsx file")
        parser.add_argument("--year", type=int, help="fiscal year (BE); default: the current one")
        parser.add_argument(
            "--round", type=int, default=0, choices=(0, 1, 2), help="1 or 2; 0: the whole year"
        )
        parser.add_argument("--register", default="all", help="for registers: one or all")
        parser.add_argument("--province", help="for registers: the province's code")

    def handle(self, *args, report, user, out, year, register, province, **options):
        round_ = options["round"]
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"no user {user}")
        extension = out.rsplit(".", 1)[-1]
        if extension not in ("pdf", "xlsx"):
            raise CommandError("--out must end in .pdf or .xlsx")
        year = year or thai.fiscal_year(timezone.localdate())
        started = time.monotonic()
        if report not in (*data.REPORTS, "registers"):
            raise CommandError(f"unknown report {report}")
        area = Province.objects.filter(code=province).first()
        if report == "registers" and area is None:
            raise CommandError("registers need --province with a province code")
        exports.export_write(
            user=account,
            report=report,
            period=Period(year, round_),
            extension=extension,
            target=out,
            register=register,
            province=area,
        )
        self.stdout.write(f"{out}: {time.monotonic() - started:.1f} s")
