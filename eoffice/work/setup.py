"""Wiring every registered kind of work into an app: its indexer, then its own `init_app`."""
from __future__ import annotations

from flask import Flask

from eoffice.indexing import Indexer, register
from eoffice.work.kinds import discover


def init_app(app: Flask) -> None:
    for kind in discover():
        if kind.search_document is not None and kind.all_ids is not None:
            register(Indexer(kind.name, kind.search_document, kind.all_ids))
        if kind.init_app is not None:
            kind.init_app(app)
