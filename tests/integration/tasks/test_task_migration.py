"""The tasks migration goes down and up again cleanly on both databases, and the models
agree with it (the core's own check covers the head; this covers the way back)."""
from __future__ import annotations

from sqlalchemy import inspect

TABLES = {"tasks", "task_plans", "task_extensions", "task_reminders", "schedule_weeks", "schedule_entries",
          "task_counts", "meetings", "meeting_conclusions"}


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


def test_the_counts_migration_counts_the_tasks_already_there(office):  # type: ignore[no-untyped-def]
    """Upgrading an office that has tasks fills task_counts with the cells the flush hook keeps."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import select

    from eoffice.db import db
    from eoffice.tasks import counts, lifecycle
    from eoffice.tasks.schemas import DoneIn
    from tests.integration.documents.conftest import actor, unit
    from tests.integration.tasks.conftest import new_task

    done = new_task(lead_user_id=actor("chuyenvien").user_id)
    lifecycle.report_done(actor("chuyenvien"), done, DoneIn(result="Xong"))
    new_task(lead_unit_id=unit("STP").id, working_days=3)
    new_task(secrecy=1)
    kept = {(c.key, c.n) for c in db.session.scalars(select(counts.TaskCount))}
    db.session.remove()
    downgrade(revision="f80t_task_counts-1")  # just below this migration, wherever it lands
    upgrade()
    assert len(kept) == 2, "the finished task and the open one; the confidential one is not counted there"
    assert {(c.key, c.n) for c in db.session.scalars(select(counts.TaskCount))} == kept
    db.session.remove()
    db.engine.dispose()
