"""Retrying a whole service call when SQLite reports a write conflict.

PostgreSQL waits on row locks; SQLite instead fails a transaction that read before writing
while another one writes ("database is locked"). The service had not committed, so running it
again from the start is safe.
"""
from __future__ import annotations

import random
import time
from typing import Callable, TypeVar

from sqlalchemy.exc import OperationalError

from eoffice.db import db

T = TypeVar("T")


def retry_on_sqlite_lock(call: Callable[[], T], attempts: int = 40) -> T:
    for attempt in range(attempts):
        try:
            return call()
        except OperationalError as exc:
            db.session.rollback()
            if "database is locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0.01, 0.05) * (1 + attempt))
    raise AssertionError("unreachable")
