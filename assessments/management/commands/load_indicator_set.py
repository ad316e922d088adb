from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments import sets


class Command(BaseCommand):
    help = "Load an indicator set from a YAML/JSON file; without a file, the default set (once)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="YAML or JSON file (see README)")

    def handle(self, *args, path=None, **options):
        if path is None:
            indicator_set = sets.ensure_default()
            self.stdout.write(f"ชุดตัวชี้วัดตั้งต้น: {indicator_set}")
            return
        try:
            indicator_set = sets.load(Path(path).read_text(encoding="utf-8"))
        except sets.SetFileError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stdout.write(self.style.SUCCESS(f"นำเข้าแล้ว: {indicator_set}"))
