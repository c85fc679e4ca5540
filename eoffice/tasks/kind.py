"""Tasks as a kind of work: the one value the `eoffice.kinds` entry point names."""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import select

from eoffice.calendar.timezone import VN
from eoffice.db import db
from eoffice.tasks import access, counts  # noqa: F401 - counts: the flush hook that keeps task_counts
from eoffice.tasks.models import EVENT_LABELS, STATUS_LABELS, TRANSITIONS, Task, TaskState
from eoffice.work.kinds import WorkKind


def _describe(task: Task) -> str:
    """A confidential task is named by its number only: its title is content."""
    if task.is_confidential:
        return f"Nhiệm vụ #{task.id} (Mật)"
    return f"Nhiệm vụ #{task.id} – {task.title[:120]}"


def _url(task: Task) -> str:
    return f"/tasks/{task.id}"


def search_document(task_id: int) -> Optional[Any]:
    """The search entry of a task (None once it is gone)."""
    from search import IndexedItem

    task = db.session.get(Task, task_id)
    if task is None:
        return None
    moment = (task.deadline or task.created_at).astimezone(VN)
    body = "" if task.is_confidential else "\n".join(filter(None, [task.content, task.result, task.source_note, task.area]))
    return IndexedItem(
        id=f"task:{task.id}", kind="task", title=task.title, body=body, doc_type="Nhiệm vụ",
        issuer=task.assigner.full_name, unit=task.lead_unit.name, year=moment.year,
        status=STATUS_LABELS.get(task.status, task.status), date=moment.date(), readers=access.readers_of(task),
        extra={"url": _url(task)},
    )


def all_ids() -> list[int]:
    return list(db.session.scalars(select(Task.id).order_by(Task.id)))


def _init_app(app: Any) -> None:
    from eoffice.tasks.setup import init_app

    init_app(app)


def _load_demo() -> None:
    from eoffice.tasks.demo import load_demo

    load_demo()


TASK = WorkKind(
    name="task",
    label="Nhiệm vụ",
    model=Task,
    states=TaskState,
    transitions=TRANSITIONS,
    readers=access.readers_of,  # type: ignore[arg-type]
    url=_url,  # type: ignore[arg-type]
    describe=_describe,  # type: ignore[arg-type]
    search_document=search_document,
    all_ids=all_ids,
    init_app=_init_app,
    event_labels=EVENT_LABELS,
    state_labels=STATUS_LABELS,
    load_demo=_load_demo,
)
