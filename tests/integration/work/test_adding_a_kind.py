"""Adding a kind of work edits no central file: a kind defined only here, installed the way a
real one is (a distribution whose metadata names it in the `eoffice.kinds` entry points), gets
its pages, menu entry, periodic job, history with audit entries, readers, state rules, search
entry and blob references from the core."""
from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

KIND_MODULE = '''
"""A kind of work that exists only in this test: a chore with two states."""
import enum

from flask import Blueprint
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.outbox.schedule import periodic
from eoffice.web.menu import MenuEntry, add_entry
from eoffice.work.kinds import WorkKind
from eoffice.work.models import WorkItem


class ChoreState(enum.StrEnum):
    OPEN = "open"
    DONE = "done"


class Chore(WorkItem):
    __tablename__ = "test_chores"
    __mapper_args__ = {"polymorphic_identity": "chore"}
    id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), primary_key=True)
    room: Mapped[str] = mapped_column(String(40), default="")


JOB_RUNS = []
bp = Blueprint("chores", __name__, url_prefix="/chores")


@bp.get("/")
def index():
    return "Việc vặt"


def init_app(app):
    app.register_blueprint(bp)
    add_entry(MenuEntry("Việc vặt", "chores.index", "authenticated", order=99))
    periodic("chore.sweep", 60, lambda: JOB_RUNS.append(1))


def search_document(item_id):
    from search import IndexedItem
    from eoffice.db import db
    chore = db.session.get(Chore, item_id)
    if chore is None:
        return None
    return IndexedItem(id=f"chore:{chore.id}", kind="chore", title=chore.title, readers=["role:admin"])


def all_ids():
    from sqlalchemy import select
    from eoffice.db import db
    return list(db.session.scalars(select(Chore.id)))


CHORE = WorkKind(
    name="chore", label="Việc vặt", model=Chore, states=ChoreState,
    transitions={"open": frozenset({"done"}), "done": frozenset()},
    readers=lambda chore: ["role:admin", f"unit:{chore.owner_unit_id}"],
    url=lambda chore: f"/chores/{chore.id}", describe=lambda chore: chore.title,
    search_document=search_document, all_ids=all_ids, init_app=init_app,
    blob_refs=lambda: ["c" * 64], state_labels={"open": "Đang làm", "done": "Xong"},
)
'''


@pytest.fixture(scope="module")
def installed_kind(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A distribution on sys.path whose entry point names the chore kind."""
    from eoffice.db import db
    from eoffice.work import kinds

    root = tmp_path_factory.mktemp("kind")
    (root / "eoffice_chores_kind.py").write_text(textwrap.dedent(KIND_MODULE), encoding="utf-8")
    info = root / "eoffice_chores_kind-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: eoffice-chores-kind\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[eoffice.kinds]\nchore = eoffice_chores_kind:CHORE\n", encoding="utf-8")
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))
    from eoffice.outbox.schedule import forget
    from eoffice.web.menu import remove_entry

    kinds.unregister_kind("chore")
    remove_entry("chores.index")
    forget("chore.sweep")
    module = sys.modules.pop("eoffice_chores_kind", None)
    if module is not None:
        db.metadata.remove(module.Chore.__table__)


def test_a_kind_named_only_by_an_entry_point_gets_pages_history_readers_search_and_blob_refs(
        installed_kind: Path, make_app, tmp_path):  # type: ignore[no-untyped-def]
    from eoffice.actor import Actor
    from eoffice.audit.models import AuditEntry
    from eoffice.auth.models import User
    from eoffice.blob_refs import referenced_blobs
    from eoffice.db import db
    from eoffice.errors import ServiceError
    from eoffice.indexing import all_items
    from eoffice.org.models import Unit
    from eoffice.outbox.models import OutboxEvent
    from eoffice.outbox.schedule import run_due_jobs
    from eoffice.web.menu import menu_for
    from eoffice.work import history
    from eoffice.work.kinds import kind_named, transition
    from eoffice.work.models import Assignment, WorkEvent, WorkItem, WorkReader

    from tests.conftest import _migrate

    database_url = f"sqlite:///{tmp_path / 'with-chores.db'}"  # its own database: the kind's table lives only here
    _migrate(database_url, tmp_path / "migrate")
    app = make_app(database_url)
    chores = sys.modules["eoffice_chores_kind"]
    assert kind_named("chore") is chores.CHORE
    assert "/chores/" in {rule.rule for rule in app.url_map.iter_rules()}

    with app.app_context():
        chores.Chore.__table__.create(db.engine, checkfirst=True)
        try:
            operator = Actor.operator("kiểm thử")
            unit = Unit(name="Tổ hành chính", short_name="THC", kind="phong")
            db.session.add(unit)
            db.session.flush()
            chore = chores.Chore(title="Thay mực máy in tầng 2", owner_unit_id=unit.id, status="open", room="201")
            db.session.add(chore)
            db.session.flush()
            history.record(operator, chore, "created", "Giao tổ hành chính")
            db.session.commit()

            # History, audit, readers and the search update come from the core.
            assert [e.kind for e in db.session.scalars(select(WorkEvent).where(WorkEvent.work_item_id == chore.id))] == ["created"]
            assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == str(chore.id))).all() == ["chore.created"]
            readers = set(db.session.scalars(select(WorkReader.principal).where(WorkReader.work_item_id == chore.id)))
            assert readers == {"role:admin", f"unit:{unit.id}"}
            assert db.session.scalars(select(OutboxEvent.key).where(OutboxEvent.key == f"chore:{chore.id}")).all()
            assert [i.id for i in all_items() if i.kind == "chore"] == [f"chore:{chore.id}"]
            assert "c" * 64 in referenced_blobs()

            # Loading a work item gives back the kind's own class.
            db.session.expire_all()
            assert isinstance(db.session.get(WorkItem, chore.id), chores.Chore)

            # The kind's transition table is enforced.
            with pytest.raises(ServiceError) as refused:
                chore.status = "done"
                transition(chore, "open")
            assert "Xong" in refused.value.message and "Đang làm" in refused.value.message

            # Assignments are the core's, for any kind.
            admin = User(username="quantri2", full_name="Quản trị", password_hash="x")
            db.session.add(admin)
            db.session.flush()
            db.session.add(Assignment(work_item_id=chore.id, role="lead", unit_id=unit.id, assigned_by_id=admin.id))
            db.session.flush()
            db.session.expire(chore, ["assignments"])
            assert [(a.role, a.unit_id, a.is_open) for a in chore.assignments] == [("lead", unit.id, True)]

            # Its periodic job runs with the others; its menu entry shows.
            run_due_jobs(force=True)
            assert chores.JOB_RUNS
            with app.test_request_context():
                assert "Việc vặt" in [entry["label"] for entry in menu_for(admin)]
        finally:
            db.session.rollback()
