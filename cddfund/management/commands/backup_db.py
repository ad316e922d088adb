import subprocess
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cddfund import dbtools


class Command(BaseCommand):
    help = (
        "Write a full backup (pg_dump custom format) of the database, embedded or not. "
        "Restore with pg_restore --clean --if-exists (see README)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="File to write (default: backups/cddfund-YYYYmmdd-HHMMSS.dump)",
        )

    def handle(self, *args, **options):
        output = Path(options["output"] or f"backups/cddfund-{datetime.now():%Y%m%d-%H%M%S}.dump")
        output.parent.mkdir(parents=True, exist_ok=True)
        command = [
            dbtools.tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            f"--file={output}",
            dbtools.connection_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        size = output.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backup written: {output} ({size:,} bytes)"))
