"""Write a register in the layout of the Excel import, as a given user would export it (a whole
country's loans do not fit in a request; the benchmarks run this in a process of its own).

    python manage.py export_sheet loans --user central --out loans.xlsx
"""

import time

from django.core.management.base import BaseCommand, CommandError

from cddfund.models import User
from imports.layout import workbook
from imports.sheets import SHEETS, sheets


class Command(BaseCommand):
    help = "Write one register (or all) in the Excel import's layout, with the user's records."

    def add_arguments(self, parser):
        parser.add_argument("sheet", help="a register's key (groups, households, loans ...) or all")
        parser.add_argument("--user", required=True, help="whose scope the file covers")
        parser.add_argument("--out", required=True, help="an .xlsx file")

    def handle(self, *args, sheet, user, out, **options):
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"no user {user}")
        if not out.endswith(".xlsx"):
            raise CommandError("--out must end in .xlsx")
        if sheet != "all" and sheet not in SHEETS:
            raise CommandError(f"unknown sheet {sheet}: one of {', '.join(SHEETS)}")
        chosen = sheets() if sheet == "all" else [SHEETS[sheet]]
        started = time.monotonic()
        workbook(out, chosen, account)
        self.stdout.write(f"{out}: {time.monotonic() - started:.1f} s")
