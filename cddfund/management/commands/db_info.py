from django.core.management.base import BaseCommand

from cddfund import dbtools


class Command(BaseCommand):
    help = "Say which PostgreSQL the app uses, its connection URI and where its client tools are."

    def handle(self, *args, **options):
        uri = dbtools.connection_uri()
        if dbtools.is_embedded():
            self.stdout.write(f"Embedded PostgreSQL, data in {dbtools.data_dir()}")
        else:
            self.stdout.write("PostgreSQL server from DATABASE_URL")
        self.stdout.write(f"URI:  {uri}")
        self.stdout.write(f"psql: {dbtools.tool('psql')} '{uri}'")
