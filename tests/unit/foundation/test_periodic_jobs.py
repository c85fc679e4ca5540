"""Periodic jobs: each application keeps its own clock of when a job last ran."""
import pytest
from flask import Flask, current_app

from eoffice.outbox import schedule


def test_a_job_run_for_one_office_is_still_due_for_another_in_the_same_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "_JOBS", {})
    ran_for: list[str] = []
    schedule.periodic("test.note_app", 3600, lambda: ran_for.append(current_app.name))
    first, second = Flask("first"), Flask("second")
    for app in (first, second, first, second):
        with app.app_context():
            schedule.run_due_jobs()
    assert ran_for == ["first", "second"]
