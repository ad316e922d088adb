import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scale.faults import FaultRun
from scale.stack import ROOT, Stack


class Command(BaseCommand):
    help = (
        "Start the scale-out stack, put it through the faults of scale/faults.py (a worker killed "
        "mid-export, reports on the replica under writes, the primary restarted during a burst "
        "of withdrawals), print the figures and stop it. Fails if any check fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=25440)
        parser.add_argument("--scale", type=float, default=0.02, help="seed_national's scale")
        parser.add_argument("--out", type=Path, help="write the figures to this JSON file")

    def handle(self, *args, port, scale, out, **options):
        stack = Stack(folder=ROOT / ".stack-faults", port=port, say=self.stdout.write)
        try:
            stack.start(seed_scale=scale)
            for web in stack.web_ports:
                stack.ready(web)
            figures = FaultRun(stack, say=self.stdout.write).run()
        finally:
            stack.stop()
        self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
        if out:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
        if figures["failures"]:
            raise CommandError(f"{len(figures['failures'])} fault checks failed")
