import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cddfund import demo
from cddfund.audit import audit_context
from cddfund.models import Province
from cddfund.registry import registry


class Command(BaseCommand):
    help = "Create the demo accounts, villages and centres (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (demo accounts share a known password).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates accounts with a known password; use --force to run it "
                "with DEBUG off."
            )
        if not Province.objects.exists():
            raise CommandError("Load the areas first: python manage.py load_areas")
        context: dict = {}
        with audit_context(command="seed_demo"), transaction.atomic():
            # Each app's demo data, in INSTALLED_APPS order (core first, then the apps that
            # build on it), as each registered it (cddfund.registry).
            for seed in registry.demo:
                seed(context)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Log-ins (password for all: {demo.DEMO_PASSWORD}):"
            )
        )
        for account in demo.ACCOUNTS:
            user = context["accounts"][account.username]
            self.stdout.write(
                f"  {account.username:<11} {user.get_role_display()} · {user.area_label}"
            )
        host = os.environ.get("HOST") or "127.0.0.1:8000"
        self.stdout.write(f"Open http://{host}/ and log in with one of them.")
