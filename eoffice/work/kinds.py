"""The contract a kind of work signs, and the one registry that holds the kinds.

A kind (incoming documents, outgoing drafts, tasks, dossiers, records …) is described by one
`WorkKind` value and made known through the `eoffice.kinds` entry-point group in its
distribution's metadata (pyproject.toml), the way Flask extensions and Invenio modules plug
in. The app factory, the models list Alembic reads, the search indexer, the blob-reference
count and the audit labels all iterate over the registry, so adding a kind edits none of them.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Optional

from eoffice.errors import ServiceError

if TYPE_CHECKING:
    from flask import Flask

    from eoffice.work.models import WorkItem

ENTRY_POINT_GROUP = "eoffice.kinds"


@dataclass(frozen=True)
class WorkKind:
    """Everything the core needs to know about one kind of work.

    - `name` is the polymorphic identity of `model`, the search `kind` and the prefix of the
      kind's audit actions (`incoming.closed`).
    - `states` is the kind's enum of states and `transitions` the allowed moves between them
      (`transition()` refuses any other); nothing else assigns a state.
    - `readers(item)` returns the principal strings that may read an item; the core
      materialises them (WorkReader) after every change and the search index stores them.
    - `search_document(id)` builds the IndexedItem (or None when it should not be found) and
      `all_ids()` lists every item for a rebuild.
    - `init_app(app)` registers the kind's pages, API, menu entries, home queues and periodic
      jobs; `blob_refs()` yields blobs the kind references outside stored files.
    """

    name: str
    label: str
    model: type["WorkItem"]
    states: type[enum.Enum]
    transitions: Mapping[str, frozenset[str]]
    readers: Callable[["WorkItem"], list[str]]
    url: Callable[["WorkItem"], str]
    describe: Callable[["WorkItem"], str]
    search_document: Optional[Callable[[int], Optional[Any]]] = None
    all_ids: Optional[Callable[[], Iterable[int]]] = None
    init_app: Optional[Callable[["Flask"], None]] = None
    blob_refs: Optional[Callable[[], Iterable[str]]] = None
    event_labels: Mapping[str, str] = field(default_factory=dict)
    state_labels: Mapping[str, str] = field(default_factory=dict)
    # What `eoffice demo` sets up for this kind in the demo office (e.g. an approval chain).
    load_demo: Optional[Callable[[], None]] = None

    def can_move(self, current: str, new: str) -> bool:
        return new in self.transitions.get(current, frozenset())


_KINDS: dict[str, WorkKind] = {}


def register_kind(kind: WorkKind) -> WorkKind:
    """Make a kind known (entry points call this through `discover`; tests may call it)."""
    existing = _KINDS.get(kind.name)
    if existing is not None and existing is not kind and existing.model is not kind.model:
        raise RuntimeError(f"Another kind is already registered as {kind.name!r}")
    _KINDS[kind.name] = kind
    return kind


def discover() -> list[WorkKind]:
    """Register every kind named in the `eoffice.kinds` entry points of the installed
    distributions, and return all registered kinds.

    Called when an app is built (and by storage gc and the models list); loading an entry
    point twice returns the same module-level value, so it is registered once.
    """
    for point in entry_points(group=ENTRY_POINT_GROUP):
        kind = point.load()
        if not isinstance(kind, WorkKind):
            raise RuntimeError(f"Entry point {point.name!r} of {ENTRY_POINT_GROUP} is not a WorkKind")
        register_kind(kind)
    return all_kinds()


def unregister_kind(name: str) -> None:
    """Forget a kind (for tests that install a kind of their own)."""
    _KINDS.pop(name, None)


def all_kinds() -> list[WorkKind]:
    return list(_KINDS.values())


def kind_named(name: str) -> WorkKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise RuntimeError(f"No kind of work registered as {name!r}") from None


def kind_of(item: "WorkItem") -> WorkKind:
    return kind_named(item.kind)


def transition(item: "WorkItem", new_state: enum.Enum | str) -> None:
    """Move an item to `new_state` if its kind allows the move from its current state."""
    kind = kind_of(item)
    new = new_state.value if isinstance(new_state, enum.Enum) else new_state
    if item.status == new:
        return
    if not kind.can_move(item.status, new):
        labels = kind.state_labels
        raise ServiceError(
            "invalid_transition",
            f"{kind.label} đang ở trạng thái «{labels.get(item.status, item.status)}» nên không thể chuyển sang "
            f"«{labels.get(new, new)}». Hãy tải lại trang để xem trạng thái hiện tại.",
        )
    item.status = new
