"""Loading the official areas (DOPA codes) from the geothai package.

Areas are matched by code: a renamed area is updated in place, so every record that points at
it follows the new name. An area that disappears from the data is kept and marked inactive,
because older records may still point at it. Running the load twice changes nothing.
"""

from dataclasses import dataclass, field

import geothai
from django.db import transaction

from cddfund import services
from cddfund.models import District, Province, Subdistrict


@dataclass
class LevelResult:
    created: int = 0
    updated: int = 0
    retired: int = 0
    total: int = 0


@dataclass
class LoadResult:
    data_version: str
    levels: dict[str, LevelResult] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(r.created or r.updated or r.retired for r in self.levels.values())


def _sync(model, rows: dict[str, dict]) -> LevelResult:
    result = LevelResult(total=len(rows))
    existing = {obj.pk: obj for obj in model.objects.all()}
    fields = [name for name in next(iter(rows.values()))]
    to_create, to_update = [], []
    for code, values in rows.items():
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(code=code, is_active=True, **values))
            continue
        if obj.is_active and all(getattr(obj, k) == v for k, v in values.items()):
            continue
        for k, v in values.items():
            setattr(obj, k, v)
        obj.is_active = True
        to_update.append(obj)
    to_retire = [obj for code, obj in existing.items() if code not in rows and obj.is_active]
    for obj in to_retire:
        obj.is_active = False
    model.objects.bulk_create(to_create, batch_size=2000)
    model.objects.bulk_update(to_update, [*fields, "is_active"], batch_size=2000)
    model.objects.bulk_update(to_retire, ["is_active"], batch_size=2000)
    result.created, result.updated, result.retired = len(to_create), len(to_update), len(to_retire)
    return result


@transaction.atomic
def load_areas() -> LoadResult:
    provinces = geothai.provinces()
    districts = [d for p in provinces for d in geothai.districts(p.code)]
    subdistricts = [s for d in districts for s in geothai.subdistricts(d.code)]
    result = LoadResult(data_version=geothai.DATA_VERSION)
    result.levels["provinces"] = _sync(
        Province, {p.code: {"name_th": p.name_th, "name_en": p.name_en} for p in provinces}
    )
    result.levels["districts"] = _sync(
        District,
        {
            d.code: {"name_th": d.name_th, "name_en": d.name_en, "province_id": d.province_code}
            for d in districts
        },
    )
    result.levels["subdistricts"] = _sync(
        Subdistrict,
        {
            s.code: {
                "name_th": s.name_th,
                "name_en": s.name_en,
                "district_id": s.district_code,
                "province_id": s.province_code,
                "postal_codes": " ".join(s.postal_codes),
            }
            for s in subdistricts
        },
    )
    services.regions_ensure_default()
    return result
