"""Country-sized synthetic data for benchmarks: ``python manage.py seed_national --scale 1.0``."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from assessments.models import IndicatorSet
from cddfund.models import Province
from debts.models import Household
from scale.national import DEFAULT_FISCAL_YEAR, Seeder, existing_records, household_count


class Command(BaseCommand):
    help = (
        "Write a synthetic country (75,000 villages, 3,000 centres, 1,000,000 households, "
        "2,500,000 loans at --scale 1.0) through PostgreSQL's COPY, for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = the full size")
        parser.add_argument("--seed", type=int, default=2568)
        parser.add_argument(
            "--fiscal-year",
            type=int,
            default=DEFAULT_FISCAL_YEAR,
            help="the fiscal year (BE) the data is written for, as of 1 December of it: the same "
            f"seed and year give the same rows whatever the day (default {DEFAULT_FISCAL_YEAR})",
        )
        parser.add_argument(
            "--force", action="store_true", help="add to a database that already holds records"
        )
        parser.add_argument(
            "--unless-seeded",
            action="store_true",
            help="do nothing if the database already holds this scale's households",
        )

    def handle(self, *args, scale, seed, fiscal_year, force, unless_seeded, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be more than 0 and at most 10")
        if not 2560 <= fiscal_year <= 2600:
            raise CommandError("--fiscal-year is a fiscal year in the Buddhist Era, e.g. 2570")
        found = existing_records()
        if found and unless_seeded:
            households = Household.objects.count()
            if households == household_count(scale):
                self.stdout.write(f"already seeded at scale {scale} ({households:,} households)")
                return
            raise CommandError(
                f"This database holds {households:,} households, not the "
                f"{household_count(scale):,} of scale {scale}: seed a database of its own."
            )
        if found and not force:
            raise CommandError(
                f"This database already holds {found:,} centres and households. seed_national "
                "is for a database of its own (use --force to add to this one anyway)."
            )
        if not Province.objects.exists():
            call_command("load_areas", verbosity=0)
        if not IndicatorSet.objects.exists():
            call_command("load_indicator_set", verbosity=0)
        started = time.monotonic()
        self.stdout.write(f"scale {scale}, seed {seed}, fiscal year {fiscal_year}")
        written = Seeder(scale, seed, fiscal_year, say=self.stdout.write).run()
        seconds = time.monotonic() - started
        rows = sum(written.values())
        self.stdout.write(
            self.style.SUCCESS(f"{rows:,} rows in {seconds:.0f} s ({rows / seconds:,.0f} rows/s)")
        )
