from django.core.management.base import BaseCommand

from cddfund.areas import load_areas
from cddfund.audit import audit_context

LEVEL_NAMES = {"provinces": "จังหวัด", "districts": "อำเภอ", "subdistricts": "ตำบล"}


class Command(BaseCommand):
    help = "Load or update provinces, districts and subdistricts (DOPA codes) from geothai."

    def handle(self, *args, **options):
        with audit_context(command="load_areas"):
            result = load_areas()
        self.stdout.write(f"GeoThai data {result.data_version}")
        for level, r in result.levels.items():
            self.stdout.write(
                f"  {LEVEL_NAMES[level]}: {r.total:,} "
                f"(ใหม่ {r.created:,}, แก้ไข {r.updated:,}, เลิกใช้ {r.retired:,})"
            )
        if result.changed:
            self.stdout.write(self.style.SUCCESS("บันทึกเขตการปกครองแล้ว"))
        else:
            self.stdout.write(self.style.SUCCESS("ไม่มีการเปลี่ยนแปลง: ข้อมูลเขตการปกครองเป็นปัจจุบันแล้ว"))
