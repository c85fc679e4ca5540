"""The shared work core: what every kind of work has, written once.

A *kind of work* — incoming documents today; outgoing drafts, tasks, one-stop dossiers and
archive records next — is a subclass of `eoffice.work.models.WorkItem` plus one
`eoffice.work.kinds.WorkKind` value. The core gives every kind, over `work_items.id`:
assignments (lead / coordinate / inform / handler, with deadlines), history events with their
audit entries (`eoffice.work.history.record`), files (`WorkFile`, a link to a stored file of
`eoffice.files`), readers materialised for
lists, counts and search (`WorkReader`), state transitions checked against the kind's table
(`eoffice.work.kinds.transition`) and the search indexer.

How to add a kind (nothing central is edited):

1. A package `eoffice/<kind>/` (or a separate distribution) with `models.py`::

       class Task(WorkItem):
           __tablename__ = "tasks"
           __mapper_args__ = {"polymorphic_identity": "task"}
           id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), primary_key=True)
           ...  # the kind's own columns

   and an Alembic migration creating its table.
2. Its states as an enum and the allowed moves as a table (`{state: frozenset(next states)}`);
   services change state only through `transition(item, State.X)`.
3. A reader rule `readers(item) -> list[str]` of principal strings (`eoffice.auth.principals`):
   who may read the item; confidential items name people, not units.
4. Its services: each operation checks permission (`eoffice.auth.permissions.authorize`),
   validates its typed input, applies the rules, calls `history.record(...)` (history + audit +
   readers + search update) and notices, then commits once.
5. One `WorkKind(...)` value naming all of that, plus `search_document`/`all_ids` for the index,
   `init_app(app)` for its pages, API, menu entries, home queues and periodic jobs, and
   `blob_refs` for blobs it holds outside stored files (`eoffice.files`).
6. An entry point in the distribution's metadata::

       [project.entry-points."eoffice.kinds"]
       task = "eoffice.tasks.kind:TASK"

   The app factory, `eoffice.models` (what Alembic sees), the indexer registry, storage gc and
   the audit labels find it there. tests/integration/work/test_adding_a_kind.py proves it with
   a kind defined only in the test.
"""
