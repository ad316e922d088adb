"""Inspection regions (เขตตรวจราชการ): which of the 18 regions each province reports in.

The mapping is data central office loads as a file, like indicator sets: a YAML file naming the
provinces of each region (``fixtures/inspection-regions.yaml`` is the default, taken from
public sources and marked provisional until central office loads its own). Every province but
กรุงเทพมหานคร is in exactly one region; a file that says otherwise is refused whole, in Thai.
"""

from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cddfund.models import Province, RegionMapping

DEFAULT = Path(settings.BASE_DIR) / "fixtures" / "inspection-regions.yaml"
REGIONS = range(1, 19)
OUTSIDE = "10"  # กรุงเทพมหานคร
MAX_BYTES = 64 * 1024

NOT_YAML = _("อ่านไฟล์ไม่ได้: ต้องเป็นไฟล์ YAML ที่มี source และ regions")
TOO_LARGE = _("ไฟล์ใหญ่เกิน 64 KB")
BAD_REGION = _("เขตตรวจราชการต้องเป็นเลข 1-18 ไม่ใช่ %(region)s")
UNKNOWN_PROVINCE = _("ไม่รู้จักจังหวัด %(name)s (เขต %(region)s)")
TWICE = _("จังหวัด%(name)s อยู่ในเขต %(first)s และ %(second)s")
MISSING = _("ยังไม่ได้กำหนดเขตของจังหวัด: %(names)s")
NO_SOURCE = _("ระบุ source: ที่มาของการแบ่งเขต (เช่น เลขที่ประกาศ)")


def parse(text: str) -> tuple[dict[str, int], str, bool]:
    """Province code → region, the source and whether it is provisional; every error found
    is raised at once."""
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(NOT_YAML) from exc
    if not isinstance(loaded, dict) or not isinstance(loaded.get("regions"), dict):
        raise ValidationError(NOT_YAML)
    source = str(loaded.get("source") or "").strip()
    errors = [] if source else [ValidationError(NO_SOURCE)]
    codes = {p.name_th: p.code for p in Province.objects.filter(is_active=True)}
    found: dict[str, int] = {}
    for region, names in loaded["regions"].items():
        if not isinstance(region, int) or region not in REGIONS:
            errors.append(ValidationError(BAD_REGION, params={"region": str(region)[:20]}))
            continue
        # Names only: nothing nested (an alias repeated inside lists could grow without end).
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValidationError(NOT_YAML)
        for name in names:
            code = codes.get(name.strip())
            if code is None:
                errors.append(
                    ValidationError(UNKNOWN_PROVINCE, params={"name": name, "region": region})
                )
            elif code in found:
                errors.append(
                    ValidationError(
                        TWICE, params={"name": name, "first": found[code], "second": region}
                    )
                )
            else:
                found[code] = region
    missing = sorted(n for n, c in codes.items() if c not in found and c != OUTSIDE)
    if missing:
        errors.append(ValidationError(MISSING, params={"names": ", ".join(missing)}))
    if errors:
        raise ValidationError(errors)
    return found, source[:300], bool(loaded.get("provisional", False))


def provinces_by_region() -> list[tuple[str, list[Province]]]:
    """Each region's name and its provinces, in region order, the provinces in none last."""
    grouped: dict = {}
    for province in Province.objects.filter(is_active=True).order_by("name_th"):
        grouped.setdefault(province.inspection_region, []).append(province)
    return [(label(n), grouped[n]) for n in sorted(grouped, key=lambda n: (n is None, n or 0))]


def current() -> RegionMapping | None:
    return RegionMapping.objects.select_related("loaded_by").first()


def as_yaml() -> str:
    """The mapping in force, in the file's own form (to download, edit and load again)."""
    regions: dict[int, list[str]] = {}
    for name, region in Province.objects.filter(inspection_region__isnull=False).values_list(
        "name_th", "inspection_region"
    ):
        regions.setdefault(region, []).append(name)
    mapping = current()
    document = {
        "source": mapping.source if mapping else "",
        "provisional": bool(mapping and mapping.provisional),
        "regions": dict(sorted(regions.items())),
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def label(region: int | None) -> str:
    return str(_("เขตตรวจราชการที่ %(n)s") % {"n": region}) if region else str(_("ส่วนกลาง"))
