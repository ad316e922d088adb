"""Reading an indicator set from a YAML or JSON file, with a message per line for every mistake.

The file format is documented in the README (section "Indicator sets"). JSON is read by the same
YAML parser (JSON is YAML), which keeps the line of every value for the messages.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import Area, Criterion, Indicator, IndicatorSet, Instrument, Level
from assessments.suggestions import SUGGESTERS

SETS = Path(settings.BASE_DIR) / "fixtures" / "indicator-sets"
DEFAULT_SET = SETS / "default-2568.yaml"
# The default set of each instrument, loaded once; central office loads the official ones.
DEFAULT_SETS = {
    Instrument.CENTRE: DEFAULT_SET,
    Instrument.GOVERNANCE: SETS / "ssg-governance-2564.yaml",
    Instrument.STANDARD: SETS / "ssg-standard-2564.yaml",
}
SUGGESTIONS = set(SUGGESTERS)


class SetFileError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class _Reader:
    errors: list[str] = field(default_factory=list)

    def error(self, node, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.errors.append(_("บรรทัด %(line)s: %(message)s") % {"line": line, "message": message})

    def mapping(self, node, what: str) -> dict | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, _("%(what)s ต้องเป็นชุดข้อมูลแบบ ชื่อ: ค่า") % {"what": what})
            return None
        return {key.value: value for key, value in node.value}

    def sequence(self, node, what: str) -> list:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.error(node, _("%(what)s ต้องเป็นรายการอย่างน้อย 1 รายการ") % {"what": what})
            return []
        return node.value

    def value(self, parent, items: dict, key: str, kind, *, required=True, default=None):
        node = items.get(key)
        if node is None:
            if required:
                self.error(parent, _("ขาดช่อง %(key)s") % {"key": key})
            return default
        raw = node.value if isinstance(node, yaml.ScalarNode) else None
        try:
            if kind is bool:
                if raw not in ("true", "false"):
                    raise ValueError
                return raw == "true"
            if kind is Decimal:
                return Decimal(raw)
            if kind is int:
                return int(raw)
            if raw is None or not str(raw).strip():
                raise ValueError
            return str(raw).strip()
        except (TypeError, ValueError, InvalidOperation):
            names = {
                int: _("จำนวนเต็ม"),
                Decimal: _("ตัวเลข"),
                bool: _("true หรือ false"),
                str: _("ข้อความ"),
            }
            self.error(node, _("%(key)s ต้องเป็น%(kind)s") % {"key": key, "kind": names[kind]})
            return default


def parse(text: str) -> dict:
    """The set as plain data, or SetFileError with one Thai message per mistake and its line."""
    reader = _Reader()
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise SetFileError(
            [_("บรรทัด %(line)s: อ่านไฟล์ไม่ได้ (รูปแบบ YAML/JSON ไม่ถูกต้อง)") % {"line": line}]
        ) from exc
    top = reader.mapping(root, _("ไฟล์")) if root is not None else None
    if top is None:
        raise SetFileError(reader.errors or [_("บรรทัด 1: ไฟล์ว่างเปล่า")])
    data = {
        "name": reader.value(root, top, "name", str),
        "instrument": reader.value(
            root, top, "instrument", str, required=False, default=Instrument.CENTRE.value
        ),
        "applies_from": reader.value(root, top, "applies_from", int),
        "provisional": reader.value(root, top, "provisional", bool, required=False, default=False),
        "levels": [],
        "areas": [],
    }
    if data["instrument"] not in Instrument.values:
        reader.error(
            top["instrument"],
            _("instrument ไม่รู้จัก: %(value)s (ใช้ได้: %(names)s)")
            % {"value": data["instrument"], "names": ", ".join(Instrument.values)},
        )
    if data["applies_from"] is not None and not 2500 <= data["applies_from"] <= 2700:
        reader.error(top["applies_from"], _("applies_from ต้องเป็นปีงบประมาณ พ.ศ. เช่น 2568"))

    seen_levels, seen_thresholds = {}, {}
    for node in reader.sequence(top.get("levels"), "levels") if "levels" in top else [None]:
        if node is None:
            reader.error(root, _("ขาดช่อง %(key)s") % {"key": "levels"})
            break
        items = reader.mapping(node, "level")
        if items is None:
            continue
        level = {
            "level": reader.value(node, items, "level", int),
            "name": reader.value(node, items, "name", str),
            "min_percent": reader.value(node, items, "min_percent", Decimal),
        }
        if level["level"] in seen_levels:
            reader.error(node, _("ระดับ %(n)s ซ้ำ") % {"n": level["level"]})
        if level["min_percent"] is not None:
            if not 0 <= level["min_percent"] <= 100:
                reader.error(node, _("min_percent ต้องอยู่ระหว่าง 0 ถึง 100"))
            if level["min_percent"] in seen_thresholds:
                reader.error(
                    node,
                    _("เกณฑ์ร้อยละ %(p)s ซ้ำกับระดับ %(other)s (ช่วงคะแนนทับกัน)")
                    % {"p": level["min_percent"], "other": seen_thresholds[level["min_percent"]]},
                )
            seen_thresholds[level["min_percent"]] = level["level"]
        seen_levels[level["level"]] = node
        data["levels"].append(level)
    if data["levels"] and Decimal(0) not in seen_thresholds:
        reader.error(top.get("levels"), _("ต้องมีระดับที่เริ่มที่ร้อยละ 0 เพื่อให้ทุกคะแนนมีระดับ"))
    ordered = sorted(
        (lv for lv in data["levels"] if lv["min_percent"] is not None and lv["level"] is not None),
        key=lambda lv: lv["min_percent"],
    )
    if [lv["level"] for lv in ordered] != sorted(lv["level"] for lv in ordered):
        reader.error(top.get("levels"), _("ระดับที่สูงกว่าต้องใช้เกณฑ์ร้อยละที่สูงกว่า"))

    seen_indicators, seen_areas = {}, set()
    for area_node in reader.sequence(top.get("areas"), "areas") if "areas" in top else []:
        items = reader.mapping(area_node, "area")
        if items is None:
            continue
        area = {
            "number": reader.value(area_node, items, "number", int),
            "name": reader.value(area_node, items, "name", str),
            "indicators": [],
        }
        if area["number"] in seen_areas:
            reader.error(area_node, _("ด้านที่ %(n)s ซ้ำ") % {"n": area["number"]})
        seen_areas.add(area["number"])
        for node in reader.sequence(items.get("indicators"), "indicators"):
            fields = reader.mapping(node, "indicator")
            if fields is None:
                continue
            indicator = {
                "number": reader.value(node, fields, "number", int),
                "name": reader.value(node, fields, "name", str),
                "definition": reader.value(
                    node, fields, "definition", str, required=False, default=""
                ),
                "provisional": reader.value(
                    node, fields, "provisional", bool, required=False, default=data["provisional"]
                ),
                "suggest": reader.value(node, fields, "suggest", str, required=False, default=""),
                "criteria": [],
            }
            number = indicator["number"]
            if number in seen_indicators:
                reader.error(
                    node,
                    _("ตัวชี้วัดที่ %(n)s ซ้ำกับบรรทัด %(line)s")
                    % {"n": number, "line": seen_indicators[number]},
                )
            seen_indicators[number] = node.start_mark.line + 1
            if indicator["suggest"] and data["instrument"] != Instrument.CENTRE:
                reader.error(
                    fields["suggest"],
                    _("suggest ใช้ได้เฉพาะชุดที่ประเมินศูนย์ (instrument: centre)"),
                )
            elif indicator["suggest"] and indicator["suggest"] not in SUGGESTIONS:
                reader.error(
                    fields["suggest"],
                    _("suggest ไม่รู้จัก: %(value)s (ใช้ได้: %(names)s)")
                    % {"value": indicator["suggest"], "names": ", ".join(sorted(SUGGESTIONS))},
                )
            points_seen = set()
            for criterion_node in reader.sequence(fields.get("criteria"), "criteria"):
                criterion_items = reader.mapping(criterion_node, "criterion")
                if criterion_items is None:
                    continue
                criterion = {
                    "points": reader.value(criterion_node, criterion_items, "points", int),
                    "text": reader.value(criterion_node, criterion_items, "text", str),
                }
                if criterion["points"] in points_seen:
                    reader.error(
                        criterion_node,
                        _("คะแนน %(p)s ซ้ำในตัวชี้วัดเดียวกัน") % {"p": criterion["points"]},
                    )
                points_seen.add(criterion["points"])
                indicator["criteria"].append(criterion)
            area["indicators"].append(indicator)
        data["areas"].append(area)
    if not reader.errors and not seen_indicators:
        reader.error(root, _("ไม่มีตัวชี้วัด"))
    if reader.errors:
        raise SetFileError(reader.errors)
    return data


@transaction.atomic
def load(text: str, *, by=None) -> IndicatorSet:
    """Parse and store a set; the same name and year loaded twice is refused."""
    data = parse(text)
    if IndicatorSet.objects.filter(name=data["name"], applies_from=data["applies_from"]).exists():
        raise SetFileError(
            [_("มีชุดตัวชี้วัดชื่อนี้สำหรับปีงบประมาณ %(year)s อยู่แล้ว") % {"year": data["applies_from"]}]
        )
    indicator_set = IndicatorSet.objects.create(
        name=data["name"],
        instrument=data["instrument"],
        applies_from=data["applies_from"],
        provisional=data["provisional"],
        source=text,
        loaded_by=by,
    )
    Level.objects.bulk_create(
        Level(indicator_set=indicator_set, **level) for level in data["levels"]
    )
    for area_data in data["areas"]:
        area = Area.objects.create(
            indicator_set=indicator_set, number=area_data["number"], name=area_data["name"]
        )
        for item in area_data["indicators"]:
            criteria = item.pop("criteria")
            indicator = Indicator.objects.create(indicator_set=indicator_set, area=area, **item)
            Criterion.objects.bulk_create(Criterion(indicator=indicator, **c) for c in criteria)
    return indicator_set


def ensure_default() -> IndicatorSet:
    """The default set of every instrument, each loaded once; returns the centres' set."""
    loaded = {}
    for instrument, path in DEFAULT_SETS.items():
        text = path.read_text(encoding="utf-8")
        data = parse(text)
        existing = IndicatorSet.objects.filter(
            name=data["name"], applies_from=data["applies_from"]
        ).first()
        loaded[instrument] = existing or load(text)
    return loaded[Instrument.CENTRE]


def set_for_year(fiscal_year: int, instrument: str = Instrument.CENTRE) -> IndicatorSet | None:
    """The newest set of ``instrument`` that applies to a fiscal year."""
    return (
        IndicatorSet.objects.filter(instrument=instrument, applies_from__lte=fiscal_year)
        .order_by("-applies_from", "-id")
        .first()
    )
