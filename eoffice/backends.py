"""The storage and search backends of the running app, opened once from the settings URLs.

Services get them here; routes never touch them directly (shared/DESIGN.md).
"""
from __future__ import annotations

from typing import Any

from flask import current_app


def _settings():
    return current_app.extensions["eoffice.settings"]


def blob_store() -> Any:
    store = current_app.extensions.get("eoffice.blob_store")
    if store is None:
        from storage import open_store

        store = open_store(_settings().storage_url)
        current_app.extensions["eoffice.blob_store"] = store
    return store


def storage_backend_name() -> str:
    """The scheme of the configured blob store (`file`, `minio`): recorded with every file."""
    return _settings().storage_url.split("://", 1)[0]


def search_index() -> Any:
    index = current_app.extensions.get("eoffice.search_index")
    if index is None:
        from search import open_index

        index = open_index(_settings().search_url)
        index.ensure()  # once per process: creates the index (or alias) the first time
        current_app.extensions["eoffice.search_index"] = index
    return index


def _health(opener) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    try:
        result = opener().health()
    except Exception as exc:  # noqa: BLE001 - readiness reports, never raises
        return {"ok": False, "error": str(exc)[:300]}
    if isinstance(result, dict):
        return {"ok": bool(result.get("ok")), **{k: v for k, v in result.items() if k != "ok"}}
    ok = getattr(result, "ok", bool(result))
    detail = getattr(result, "detail", "") or getattr(result, "message", "")
    return {"ok": bool(ok), "detail": str(detail)} if detail else {"ok": bool(ok)}


def storage_health() -> dict[str, Any]:
    return _health(blob_store)


def search_health() -> dict[str, Any]:
    return _health(search_index)
