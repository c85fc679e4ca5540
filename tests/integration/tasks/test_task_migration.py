"""The tasks migration goes down and up again cleanly on both databases, and the models
agree with it (the core's own check covers the head; this covers the way back)."""
from __future__ import annotations

from sqlalchemy import inspect

TABLES = {"tasks", "task_plans", "task_extensions", "task_reminders", "schedule_weeks", "schedule_entries"}


def test_the_tasks_migration_downgrades_and_upgrades(database_url, tmp_path):  # type: ignore[no-untyped-def]
    from flask_migrate import downgrade, upgrade

    from eoffice.db import db
    from tests.conftest import _build_app, _migrate

    if database_url.startswith("sqlite"):
        database_url = f"sqlite:///{tmp_path / 'round-trip.db'}"
        _migrate(database_url, tmp_path / "migrate")
    app = _build_app(database_url, tmp_path / "data")
    with app.app_context():
        assert TABLES <= set(inspect(db.engine).get_table_names())
        downgrade(revision="f50x_exchange_messages")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        upgrade()
        assert TABLES <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()
