"""Wiring every registered kind of work into an app: its indexer, then its own `init_app`."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from eoffice.audit.labels import int_ids, register_actions, register_object
from eoffice.db import db
from eoffice.indexing import Indexer, register
from eoffice.work.kinds import WorkKind, discover


def init_app(app: Flask) -> None:
    from eoffice.work import list_search  # noqa: F401 - keeps every item's folded search text
    from eoffice.work.links import links_for

    app.add_template_global(links_for, "work_links")
    for kind in discover():
        if kind.search_document is not None and kind.all_ids is not None:
            register(Indexer(kind.name, kind.search_document, kind.all_ids))
        register_actions({f"{kind.name}.{event}": f"{label} ({kind.label.lower()})" for event, label in kind.event_labels.items()})
        register_object(kind.name, kind.label, _namer(kind))
        if kind.init_app is not None:
            kind.init_app(app)


def _namer(kind: WorkKind):  # type: ignore[no-untyped-def]
    """The audit log's batch lookup id → name for one kind, through the kind's `describe`."""

    def names(ids: list[str]) -> dict[str, str]:
        items = db.session.scalars(select(kind.model).where(kind.model.id.in_(int_ids(ids))))
        return {str(item.id): kind.describe(item) for item in items}

    return names
