"""The shared core's tables: work items and what every kind of work has.

A *work item* is one piece of work an office follows up: an incoming document today; an
outgoing draft, a task, a one-stop dossier or an archive record as those kinds arrive. Each
kind is a subclass of `WorkItem` (joined-table inheritance: its own table holds its own
columns, keyed by the work item's id), so assignments, history events, files and readers are
written once, over `work_items.id`, and every kind gets them.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.auth.models import User
from eoffice.db import TimestampMixin, db, utcnow
from eoffice.files.models import HoldsStoredFile
from eoffice.org.models import Unit

ASSIGNMENT_ROLE_LABELS = {"lead": "Chủ trì", "coordinate": "Phối hợp", "inform": "Để biết", "handler": "Xử lý"}
ASSIGNMENT_STATUS_LABELS = {
    "pending": "Chờ xử lý",
    "in_progress": "Đang xử lý",
    "done": "Đã xử lý",
    "returned": "Đã trả lại",
    "recalled": "Đã thu hồi",
    "forwarded": "Đã chuyển",
    "closed_by_lead": "Đóng theo đơn vị chủ trì",
}
OPEN_ASSIGNMENT_STATES = ("pending", "in_progress")


class WorkItem(TimestampMixin, db.Model):
    """What every kind of work has: its kind, title, owning unit, secrecy, state and deadline.

    `status` holds the kind's own state names (each kind declares them and the allowed
    transitions in its `WorkKind`); `deadline` is the one the work is followed up against when
    no assignment has its own.
    """

    __tablename__ = "work_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(500))
    owner_unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"), index=True)
    secrecy: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), index=True)
    deadline: Mapped[Optional[datetime]] = mapped_column(index=True)
    closed_at: Mapped[Optional[datetime]] = mapped_column()
    # The fields the lists' search box looks in, folded (no diacritics, lowercase, one i/y
    # spelling); kept up to date on every save by eoffice.work.list_search.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")

    owner_unit: Mapped[Optional[Unit]] = relationship()
    files: Mapped[list["WorkFile"]] = relationship(back_populates="work_item", order_by="WorkFile.id")
    assignments: Mapped[list["Assignment"]] = relationship(back_populates="work_item", order_by="Assignment.id")
    events: Mapped[list["WorkEvent"]] = relationship(back_populates="work_item", order_by="WorkEvent.id")

    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "work_item"}
    # PostgreSQL answers `LIKE '%word%'` on the folded text through trigrams (pg_trgm, GIN).
    # SQLite has no such index: there it is a plain one, which the LIKE scans instead of the
    # wider table (one schema for both, as the migration check wants).
    __table_args__ = (
        Index("ix_work_items_search_text", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}),
    )

    @property
    def is_confidential(self) -> bool:
        return self.secrecy > 0

    def list_search_parts(self) -> list[str]:
        """What a list's search box finds this item by (folded into `search_text`); a kind
        overrides it to add its numbers and names."""
        return [self.title]

    @property
    def open_assignments(self) -> list["Assignment"]:
        return [a for a in self.assignments if a.is_open]


class Assignment(db.Model):
    """One hand-off: a unit or person given a role on a work item, with its own deadline.

    A leader's decision creates unit assignments (lead, coordinate, inform); a unit head then
    creates handler assignments (a person) under the unit's one (`parent_id`).
    """

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), index=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("assignments.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # lead | coordinate | inform | handler
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"), index=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    deadline: Mapped[Optional[datetime]] = mapped_column(index=True)
    instruction: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[Optional[datetime]] = mapped_column()
    done_at: Mapped[Optional[datetime]] = mapped_column()
    result: Mapped[str] = mapped_column(Text, default="")
    return_reason: Mapped[str] = mapped_column(Text, default="")
    due_soon_notified_at: Mapped[Optional[datetime]] = mapped_column()
    overdue_notified_at: Mapped[Optional[datetime]] = mapped_column()

    work_item: Mapped[WorkItem] = relationship(back_populates="assignments")
    parent: Mapped[Optional["Assignment"]] = relationship(remote_side="Assignment.id")
    unit: Mapped[Optional[Unit]] = relationship()
    user: Mapped[Optional[User]] = relationship(foreign_keys=[user_id])
    assigned_by: Mapped[User] = relationship(foreign_keys=[assigned_by_id])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ASSIGNMENT_STATES

    @property
    def assignee_label(self) -> str:
        if self.user is not None:
            return self.user.full_name
        return self.unit.name if self.unit else ""


class WorkFile(HoldsStoredFile, db.Model):
    """A work item's file: which stored file, in which role. The facts (name, type, size,
    SHA-256, backend, signatures) are the stored file's (`eoffice.files`)."""

    __tablename__ = "work_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="main")  # main | attachment | processing | …
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    work_item: Mapped[WorkItem] = relationship(back_populates="files")
    added_by: Mapped[User] = relationship()


class WorkEvent(db.Model):
    """One line of a work item's history: who did what, when, with which text."""

    __tablename__ = "work_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), index=True)
    assignment_id: Mapped[Optional[int]] = mapped_column(ForeignKey("assignments.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")
    file_id: Mapped[Optional[int]] = mapped_column(ForeignKey("work_files.id"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    work_item: Mapped[WorkItem] = relationship(back_populates="events")
    file: Mapped[Optional[WorkFile]] = relationship()


class WorkReader(db.Model):
    """Who may read a work item, materialised from its kind's reader rule on every change.

    Lists, counts and the search index all filter with these same principal strings, so a
    confidential item cannot leak through a count or a facet.
    """

    __tablename__ = "work_readers"

    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), primary_key=True)
    principal: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
