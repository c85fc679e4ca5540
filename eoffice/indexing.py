"""Keeping the search index in step with the database.

Each domain registers an indexer for its kind: how to turn a stored object into an
`IndexedItem` (or None when it no longer exists or should not be found), and how to list all of
them for a full rebuild. Services call `queue_index(kind, id)` inside their transaction; the
outbox worker calls the indexer after the commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Optional

from eoffice.backends import search_index
from eoffice.outbox import service as outbox
from eoffice.outbox.models import OutboxEvent

TOPIC = "search.index"


@dataclass(frozen=True)
class Indexer:
    kind: str
    load: Callable[[int], Optional[Any]]  # id -> IndexedItem | None
    all_ids: Callable[[], Iterable[int]]


_INDEXERS: dict[str, Indexer] = {}


def register(indexer: Indexer) -> None:
    _INDEXERS[indexer.kind] = indexer


def queue_index(kind: str, object_id: int) -> None:
    """Ask for (re)indexing after the current transaction commits."""
    outbox.emit(TOPIC, f"{kind}:{object_id}")


@outbox.handler(TOPIC)
def _handle(events: list[OutboxEvent]) -> None:
    keys = list(dict.fromkeys(event.key for event in events))
    upserts, deletes = [], []
    for key in keys:
        kind, _, raw_id = key.partition(":")
        indexer = _INDEXERS.get(kind)
        if indexer is None:
            raise RuntimeError(f"Không có bộ lập chỉ mục cho loại '{kind}'.")
        item = indexer.load(int(raw_id))
        if item is None:
            deletes.append(key)
        else:
            upserts.append(item)
    index = search_index()
    if upserts:
        index.upsert(upserts)
    if deletes:
        index.delete(deletes)
    index.refresh()


def all_items() -> Iterator[Any]:
    for indexer in _INDEXERS.values():
        for object_id in indexer.all_ids():
            item = indexer.load(object_id)
            if item is not None:
                yield item


def total_items() -> int:
    return sum(len(list(indexer.all_ids())) for indexer in _INDEXERS.values())
