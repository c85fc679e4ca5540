"""The one interface every search backend implements."""

from __future__ import annotations

import abc
from typing import Callable, Iterable

from .model import Health, IndexedItem, Query, ResultPage

Progress = Callable[[int], None]
"""Called during ``rebuild`` with the number of items loaded so far."""


class SearchIndex(abc.ABC):
    """A searchable collection of :class:`IndexedItem` behind a stable name (an alias).

    Writes are idempotent by ``id`` (upsert). Changes become visible to ``search`` after
    ``refresh()`` or within about a second. Every search is filtered by the caller's
    principals inside the engine, so totals and facets never count hidden items.
    """

    backend: str = ""

    @abc.abstractmethod
    def ensure(self) -> None:
        """Create the index (current definition version) if it does not exist yet."""

    @abc.abstractmethod
    def upsert(self, items: Iterable[IndexedItem]) -> int:
        """Add or replace items by id; returns how many were written."""

    @abc.abstractmethod
    def delete(self, ids: Iterable[str]) -> None:
        """Remove items by id; unknown ids are ignored."""

    @abc.abstractmethod
    def refresh(self) -> None:
        """Make every completed write visible to the next search."""

    @abc.abstractmethod
    def search(self, query: Query) -> ResultPage:
        """Run a query; raise SearchError (Vietnamese message) for unusable input."""

    @abc.abstractmethod
    def rebuild(self, items: Iterable[IndexedItem], progress: Progress | None = None) -> int:
        """Build a fresh index from ``items`` and switch to it atomically.

        Searches keep answering from the old index until the switch; the old index is then
        dropped. Returns the number of items loaded.
        """

    @abc.abstractmethod
    def health(self) -> Health:
        """Cheap readiness check for /readyz; never raises."""

    @abc.abstractmethod
    def count(self) -> int:
        """Number of items in the live index, regardless of permissions (for operators)."""

    @abc.abstractmethod
    def drop(self) -> None:
        """Delete the index and everything in it (tests, uninstall)."""

    def close(self) -> None:  # noqa: B027 - optional hook, most backends hold nothing
        """Release connections/handles."""

    def __enter__(self) -> "SearchIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
