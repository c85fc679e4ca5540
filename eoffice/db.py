"""The SQLAlchemy handle and the declarative base every domain model uses."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, TypeVar

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry
from sqlalchemy.types import TypeDecorator

from eoffice.errors import NotFound

# Stable constraint names so Alembic migrations work the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always hands back aware UTC datetimes.

    SQLite forgets the zone; this keeps "store UTC, show local" true on both databases.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # type: ignore[override]
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Naive datetime given to a UTC column; pass an aware datetime.")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect):  # type: ignore[override]
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


# The largest value an INTEGER column holds on PostgreSQL (and the bound for ids a user sends).
DB_INT_MAX = 2**31 - 1


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


db = SQLAlchemy(model_class=Base)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


M = TypeVar("M")


def get_or_not_found(model: type[M], key: Any, what: str) -> M:
    """The row of `model` whose id is `key`, or NotFound naming `what` (the one not-found helper).

    Ids come from paths, forms and JSON: a key that is not a whole number inside the INTEGER
    range is simply "not found", so it never reaches PostgreSQL as an out-of-range parameter.
    """
    try:
        ident = int(key) if not isinstance(key, bool) else None
    except (TypeError, ValueError):
        ident = None
    if ident is None or not 0 < ident <= DB_INT_MAX:
        raise NotFound(what)
    row = db.session.get(model, ident)
    if row is None:
        raise NotFound(what)
    return row
