"""Small key/value settings kept in the database (e.g. whether demo data was loaded)."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db import db


class AppSetting(db.Model):
    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(String(2000), default="")


def get_setting(key: str) -> Optional[str]:
    row = db.session.get(AppSetting, key)
    return row.value if row else None


def set_setting(key: str, value: str) -> None:
    """Set without committing: the caller's transaction decides."""
    row = db.session.get(AppSetting, key)
    if row is None:
        db.session.add(AppSetting(key=key, value=value))
    else:
        row.value = value
