"""An office database as an earlier version left it: migrate to a past revision, write rows the
way that version wrote them, then upgrade to today — what the migration tests check."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from sqlalchemy import text


def upgrade_from(database_url: str, data_dir: Path, revision: str, statements: Sequence[str],
                 params: Mapping[str, Any]) -> None:
    """Build the schema of `revision` on an empty database, run `statements`, then upgrade to head."""
    from flask_migrate import upgrade

    from eoffice.db import db
    from tests.conftest import _build_app

    app = _build_app(database_url, data_dir)
    with app.app_context():
        with db.engine.begin() as conn:
            if database_url.startswith("postgresql"):
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade(revision=revision)
        with db.engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement), dict(params))
        upgrade()
        db.engine.dispose()
