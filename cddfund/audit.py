"""Audit trail: PostgreSQL triggers (django-pghistory) keep every insert, update and delete of a
tracked record with who did it, from where, and the row before and after.

Triggers catch every write, including bulk updates and raw SQL, so no code path can skip the
trail. This module adds who-and-where to each request and reads a record's history for its page.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pghistory
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from pghistory.middleware import HistoryMiddleware
from pghistory.models import Events

from cddfund.login import client_address
from cddfund.thai import format_date, format_number

ACTION_LABELS = {
    "insert": _("สร้าง"),
    "update": _("แก้ไข"),
    "delete": _("ลบ"),
    "password_set": _("ตั้งรหัสผ่านใหม่"),
}
HIDDEN_FIELDS = {"password", "last_login"}


class AuditContextMiddleware(HistoryMiddleware):
    def get_context(self, request):
        context = super().get_context(request)
        context["address"] = client_address(request)
        return context


def audit_context(**metadata):
    """Context for writes made outside a request (management commands, imports)."""
    return pghistory.context(**metadata)


@dataclass
class Change:
    label: str
    before: object
    after: object


@dataclass
class HistoryEntry:
    at: datetime.datetime
    action: str
    user: object
    source: str
    changes: list[Change] = field(default_factory=list)


def _derived_fields(obj) -> set[str]:
    """Columns a record copies from its parent (a village's district and province): not news."""
    from cddfund.scope import AreaScoped

    return {"province_id", "district_id"} if isinstance(obj, AreaScoped) else set()


def _foreign_labels(obj, events, shown: dict) -> dict[str, dict]:
    """For each shown foreign key: {stored id: readable name}; one query per key, not per row."""
    labels = {}
    for f in obj._meta.concrete_fields:
        if not f.is_relation or f.attname not in shown:
            continue
        ids = {e.pgh_data.get(f.attname) for e in events if e.pgh_data} - {None}
        if ids:
            found = f.related_model._base_manager.in_bulk(ids)
            labels[f.attname] = {str(pk): str(item) for pk, item in found.items()}
    return labels


def _readable(field, value):
    """Stored JSON values as people read them: BE dates, baht amounts, choice labels, yes/no."""
    if isinstance(field, models.DateTimeField):
        return value
    if isinstance(field, models.DateField):
        return format_date(datetime.date.fromisoformat(str(value)[:10]))
    if isinstance(field, models.DecimalField):
        return format_number(Decimal(str(value)), field.decimal_places)
    if isinstance(field, models.BooleanField):
        return str(_("ใช่")) if value else str(_("ไม่ใช่"))
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return value


def history_for(obj) -> list[HistoryEntry]:
    """Every tracked event of ``obj``, newest first, each with the fields it changed.

    Queries: the events, the users named in their context, and one per foreign key that the
    events mention.
    """
    events = list(Events.objects.tracks(obj).order_by("pgh_created_at", "pgh_id"))
    user_ids = {
        (e.pgh_context or {}).get("user")
        for e in events
        if (e.pgh_context or {}).get("user") is not None
    }
    users = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
    fields = {
        f.attname: str(f.verbose_name)
        for f in obj._meta.concrete_fields
        if f.attname not in HIDDEN_FIELDS | _derived_fields(obj) and not f.primary_key
    }
    names = _foreign_labels(obj, events, fields)

    kinds = {f.attname: f for f in obj._meta.concrete_fields}

    def show(name, value):
        if value is None or value == "":
            return value
        if name in names:
            return names[name].get(str(value), value)
        return _readable(kinds.get(name), value)

    entries = []
    previous: dict = {}
    for event in events:
        data = event.pgh_data or {}
        context = event.pgh_context or {}
        changes = []
        if event.pgh_label != "delete":
            changes = [
                Change(fields[name], show(name, previous.get(name)), show(name, value))
                for name, value in data.items()
                if name in fields and previous.get(name) != value
            ]
        entries.append(
            HistoryEntry(
                at=event.pgh_created_at,
                action=str(ACTION_LABELS.get(event.pgh_label, event.pgh_label)),
                user=users.get(context.get("user")),
                source=context.get("command") or context.get("url") or "",
                changes=changes,
            )
        )
        previous = data
    entries.reverse()
    return entries
