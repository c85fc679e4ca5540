"""How the audit log names the changes to the yearly calendar (see eoffice/audit/labels.py)."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from eoffice.audit.labels import int_ids, register_actions, register_keys, register_object
from eoffice.db import db


def _overrides(ids: list[str]) -> dict[str, str]:
    from eoffice.calendar.models import CalendarOverride

    rows = db.session.scalars(select(CalendarOverride).where(CalendarOverride.id.in_(int_ids(ids))))
    return {str(r.id): f"{r.kind_label} {r.day:%d/%m/%Y}" for r in rows}


def _day(value: Any) -> str:
    return f"{date.fromisoformat(str(value)):%d/%m/%Y}"


def _kind(value: Any) -> str:
    from eoffice.calendar.models import OVERRIDE_KINDS
    from eoffice.org.models import UNIT_KINDS

    # "kind" is also a unit's kind in the organisation's entries: one key, two vocabularies.
    return OVERRIDE_KINDS.get(value) or UNIT_KINDS.get(value, str(value))


register_actions({
    "calendar.override.create": "Thêm ngày nghỉ / ngày làm bù",
    "calendar.override.delete": "Xóa ngày nghỉ / ngày làm bù",
})
register_keys({"day": "Ngày", "source": "Căn cứ"}, {"day": _day, "kind": _kind})
register_object("calendar_override", "Ngày nghỉ / ngày làm bù", _overrides)
