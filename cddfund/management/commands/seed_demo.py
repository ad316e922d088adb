from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cddfund import demo
from cddfund.audit import audit_context
from cddfund.models import Province


def demo_steps():
    """Each app's ``demo.seed(context)``, in INSTALLED_APPS order (core first, then the apps
    that build on it), so that every part of the product adds its own demo records."""
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if find_spec(name) is not None:
            yield import_module(name).seed


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
            for seed in demo_steps():
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
        self.stdout.write("Open http://127.0.0.1:8000/ and log in with one of them.")
