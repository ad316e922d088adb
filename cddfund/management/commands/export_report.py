"""Write a report to a file from the command line (central office's scheduled exports, and the
benchmarks, which run it in a process of its own to measure its memory).

    python manage.py export_report levels --user central --out levels.pdf
    python manage.py export_report registers --register all --province 57 --user central --out r.pdf
    python manage.py export_report loans --user central --out loans.xlsx
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cddfund import importing, thai
from cddfund.models import Province, User
from reports import data, registers
from reports import render as output


class Command(BaseCommand):
    help = "Write a report (PDF or Excel, by the file's extension) as a given user would get it."

    def add_arguments(self, parser):
        parser.add_argument("report", help="levels, debts, directory, registers or loans")
        parser.add_argument("--user", required=True, help="whose scope the report covers")
        parser.add_argument("--out", required=True, help="a .pdf or .xlsx file")
        parser.add_argument("--year", type=int, help="fiscal year (BE); default: the current one")
        parser.add_argument("--register", default="all", help="for registers: one or all")
        parser.add_argument("--province", help="for registers: the province's code")

    def handle(self, *args, report, user, out, year, register, province, **options):
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"no user {user}")
        extension = out.rsplit(".", 1)[-1]
        if extension not in ("pdf", "xlsx"):
            raise CommandError("--out must end in .pdf or .xlsx")
        year = year or thai.fiscal_year(timezone.localdate())
        started = time.monotonic()
        if report == "loans":
            if extension != "xlsx":
                raise CommandError("loans export as .xlsx only")
            importing.workbook(out, [importing.SHEETS["loans"]], account)
        else:
            reports, title = self._reports(report, account, year, register, province)
            if report == "registers" and extension == "pdf":
                pages = output.pdf_bound(
                    registers.centre_reports(
                        self.chosen, registers.area_centres(account, self.province), year
                    ),
                    account,
                    out,
                )
                self.stdout.write(f"{pages} pages")
            elif extension == "pdf":
                output.pdf(reports, account, out, title=title)
            else:
                output.excel(reports, account, out)
        self.stdout.write(f"{out}: {time.monotonic() - started:.1f} s")

    def _reports(self, report, account, year, register, province):
        if report in data.REPORTS:
            return [data.REPORTS[report](account, year)], None
        if report != "registers":
            raise CommandError(f"unknown report {report}")
        area = Province.objects.filter(code=province).first()
        if area is None:
            raise CommandError("registers need --province with a province code")
        chosen = (
            list(registers.REGISTERS.values())
            if register == "all"
            else [registers.REGISTERS[register]]
        )
        self.chosen, self.province = chosen, area
        centres = registers.area_centres(account, area)
        label = registers.area_label(account, area)
        return [registers.area_register(r, centres, year, label) for r in chosen], label
