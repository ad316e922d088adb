import signal
import time

from django.core.management.base import BaseCommand

from scale.stack import Stack


class Command(BaseCommand):
    help = (
        "Start the scale-out stack on 127.0.0.1 (PostgreSQL primary + streaming replica, an S3 "
        "server, two web processes, two workers) and keep it up until Ctrl-C."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=25430)
        parser.add_argument("--scale", type=float, default=0.02, help="seed_national's scale")

    def handle(self, *args, port, scale, **options):
        stack = Stack(port=port, say=self.stdout.write)
        try:
            stack.start(seed_scale=scale)
            for web in stack.web_ports:
                self.stdout.write(f"web {web} ready: {stack.ready(web)}")
            self.stdout.write("Ctrl-C stops everything.")
            signal.signal(signal.SIGTERM, signal.default_int_handler)
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not cut it short
            stack.stop()
