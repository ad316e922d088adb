from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cddfund import regions, services
from cddfund.audit import audit_context


class Command(BaseCommand):
    help = "Load which inspection region (เขตตรวจราชการ) each province is in, from a YAML file."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(regions.DEFAULT))

    def handle(self, *args, file, **options):
        try:
            with audit_context(command="load_regions"):
                mapping = services.regions_load(text=Path(file).read_text(encoding="utf-8"))
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"บันทึกการแบ่งเขตตรวจราชการแล้ว: {mapping.source}"))
