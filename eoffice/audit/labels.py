"""How an audit entry reads in Vietnamese: the action's name, the object's name, the details.

The audit log stores codes (`incoming.closed`, `incoming_document 6`, summary keys) so that the
chain never depends on wording; this module turns them into text for people. Each domain
registers the labels of the actions it owns, next to its own code (`eoffice/<domain>/
audit_labels.py`): a new kind of work calls `register_actions`, `register_keys` and
`register_object` from its setup and the audit code needs no edit. The core domains' label
modules are imported here on first use (the core is wired in one place); kinds import their own.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

from search.vietnamese import fold

Namer = Callable[[list[str]], dict[str, str]]

_ACTIONS: dict[str, str] = {}
_KEYS: dict[str, str] = {}
_VALUE_FORMATS: dict[str, Callable[[Any], str]] = {}
_OBJECT_KINDS: dict[str, str] = {}
_NAMERS: dict[str, Namer] = {}
CORE_LABEL_MODULES = ("eoffice.auth.audit_labels", "eoffice.org.audit_labels", "eoffice.calendar.audit_labels")
_core_loaded = False

KEYS = {
    "before": "Trước", "after": "Sau", "text": "Nội dung", "confidential": "Công việc mật",
    "name": "Tên", "unit_id": "Đơn vị", "unit": "Đơn vị", "reason": "Lý do", "ip": "Địa chỉ IP",
}


def register_actions(labels: dict[str, str]) -> None:
    """Vietnamese names of action codes, e.g. {"incoming.closed": "Kết thúc xử lý văn bản đến"}."""
    _ACTIONS.update(labels)


def register_keys(labels: dict[str, str], formats: Optional[dict[str, Callable[[Any], str]]] = None) -> None:
    """Vietnamese names of summary keys, and optionally how to show their values."""
    _KEYS.update(labels)
    _VALUE_FORMATS.update(formats or {})


def register_object(object_type: str, label: str, namer: Optional[Namer] = None) -> None:
    """The Vietnamese name of an object type ("Người dùng") and a batch lookup id → name."""
    _OBJECT_KINDS[object_type] = label
    if namer is not None:
        _NAMERS[object_type] = namer


def _ensure_core() -> None:
    global _core_loaded
    if not _core_loaded:
        _core_loaded = True
        register_keys(KEYS)
        for module in CORE_LABEL_MODULES:
            importlib.import_module(module)


def action_label(code: str) -> str:
    _ensure_core()
    return _ACTIONS.get(code, code)


def object_kind_label(object_type: str) -> str:
    _ensure_core()
    return _OBJECT_KINDS.get(object_type, object_type)


def object_kinds() -> dict[str, str]:
    _ensure_core()
    return dict(_OBJECT_KINDS)


def matching_actions(query: str) -> list[str]:
    """Action codes whose Vietnamese name contains the query, with or without diacritics."""
    _ensure_core()
    wanted = fold(query).lower().split()
    if not wanted:
        return []
    return [code for code, label in _ACTIONS.items() if all(w in fold(label).lower() for w in wanted)]


# --- Values --------------------------------------------------------------------------------
def _is_fingerprint(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"sha256", "length"}


def format_value(key: str, value: Any) -> str:
    """A summary value as text: no JSON, no escapes; free texts show as their fingerprint."""
    _ensure_core()
    if _is_fingerprint(value):
        return (f"{value['length']} ký tự, không lưu trong nhật ký (xem lịch sử xử lý của hồ sơ; "
                f"mã băm {str(value['sha256'])[:12]}…)")
    if key in _VALUE_FORMATS and value not in (None, "", []):
        try:
            return _VALUE_FORMATS[key](value)
        except Exception:  # noqa: BLE001 - a label must never break the log page
            pass
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return ", ".join(format_value(key, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key_label(k)}: {format_value(k, v)}" for k, v in value.items())
    return str(value)


def key_label(key: str) -> str:
    _ensure_core()
    return _KEYS.get(key, key)


@dataclass(frozen=True)
class DetailRow:
    key: str
    label: str
    value: str
    before: Optional[str] = None  # set on before/after rows

    @property
    def changed(self) -> bool:
        return self.before is not None and self.before != self.value


def details(summary: dict[str, Any]) -> tuple[list[DetailRow], bool]:
    """The summary as labelled rows; True when it is a before/after comparison."""
    rows: list[DetailRow] = []
    before = summary.get("before") if isinstance(summary.get("before"), dict) else None
    after = summary.get("after") if isinstance(summary.get("after"), dict) else None
    compared = before is not None and after is not None
    if compared:
        for key in [*after, *(k for k in before if k not in after)]:
            rows.append(DetailRow(key, key_label(key), format_value(key, after.get(key)), format_value(key, before.get(key))))
    else:
        for part in (after, before):
            for key, value in (part or {}).items():
                rows.append(DetailRow(key, key_label(key), format_value(key, value)))
    for key, value in summary.items():
        if (key == "before" and before is not None) or (key == "after" and after is not None):
            continue
        if value is None:
            continue
        rows.append(DetailRow(key, key_label(key), format_value(key, value)))
    return rows, compared


# --- Entries -------------------------------------------------------------------------------
@dataclass(frozen=True)
class EntryView:
    entry: Any
    action_label: str
    object_label: str
    rows: list[DetailRow]
    compared: bool


def describe(entries: Iterable[Any]) -> list[EntryView]:
    """Readable views of entries, naming their objects with one lookup per object type."""
    _ensure_core()
    entries = list(entries)
    ids: dict[str, set[str]] = {}
    for entry in entries:
        if entry.object_id:
            ids.setdefault(entry.object_type, set()).add(entry.object_id)
    names: dict[tuple[str, str], str] = {}
    for object_type, wanted in ids.items():
        namer = _NAMERS.get(object_type)
        if namer is None:
            continue
        try:
            found = namer(sorted(wanted))
        except Exception:  # noqa: BLE001 - a missing name must never break the log page
            found = {}
        names.update({(object_type, key): value for key, value in found.items()})
    views = []
    for entry in entries:
        kind = object_kind_label(entry.object_type)
        name = names.get((entry.object_type, entry.object_id))
        if name is None:
            name = f"{kind} mã {entry.object_id}" if entry.object_id else kind
        rows, compared = details(entry.summary or {})
        views.append(EntryView(entry, action_label(entry.action), name, rows, compared))
    return views


def int_ids(ids: list[str]) -> list[int]:
    """The numeric ones of a list of object ids (helper for namers)."""
    return [int(i) for i in ids if str(i).isdigit()]
