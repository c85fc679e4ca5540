"""Shared fixtures: apps on a migrated SQLite file or on the real PostgreSQL that
scripts/test.sh starts (EOFFICE_TEST_DATABASE_URL). Imports of the app stay inside fixtures so
that the storage/search/calendar suites do not depend on the Flask app."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def require_server_url(variable: str, what: str) -> str:
    """The URL of a real server started by scripts/test.sh; a missing one fails loudly."""
    url = os.environ.get(variable)
    if not url:
        pytest.fail(
            f"{variable} is not set: this test needs a real {what} on 127.0.0.1. "
            "Run scripts/test.sh, which installs and starts it.",
            pytrace=False,
        )
    return url


def _isolated_client_class():  # type: ignore[no-untyped-def]
    """A test client whose requests run in a fresh context, as on a real server.

    Flask reuses an already-pushed app context (and its `g`, its database session) for test
    requests; tests push one to call services, so without this a request would see the test's
    session and Flask-Login's cached user instead of loading them like production does.
    """
    import contextvars

    from flask.testing import FlaskClient

    class IsolatedClient(FlaskClient):
        def open(self, *args: Any, **kwargs: Any):  # type: ignore[override]
            return contextvars.Context().run(super().open, *args, **kwargs)

    return IsolatedClient


def _build_app(database_url: str, data_dir: Path, **overrides: Any):
    from eoffice import create_app
    from eoffice.config import Settings

    settings = Settings.from_env(
        environ={}, env="test", data_dir=data_dir, database_url=database_url,
        secret_key="test-secret", **overrides,
    )
    app = create_app(settings)
    app.test_client_class = _isolated_client_class()
    return app


def _migrate(database_url: str, data_dir: Path) -> None:
    from flask_migrate import upgrade

    app = _build_app(database_url, data_dir)
    with app.app_context():
        if database_url.startswith("postgresql"):
            from sqlalchemy import text

            from eoffice.db import db

            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()
        from eoffice.db import db

        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    data_dir = tmp_path_factory.mktemp("sqlite")
    url = f"sqlite:///{data_dir / 'eoffice.db'}"
    _migrate(url, data_dir)
    return url


def _worker_database(url: str) -> str:
    """The database of this pytest-xdist worker (`<name>_gw0`, created on first use), so that
    parallel workers never empty each other's tables; the given database when not parallel."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is None:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _worker_database(require_server_url("EOFFICE_TEST_DATABASE_URL", "PostgreSQL"))
    _migrate(url, tmp_path_factory.mktemp("pg"))
    return url


def clean_database(app) -> None:  # type: ignore[no-untyped-def]
    """Empty every table (keeping the migrated schema) so each test starts from nothing."""
    from sqlalchemy import text

    from eoffice.db import db

    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    conn.execute(text(f'DELETE FROM "{table}"'))
        db.engine.dispose()


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Build apps on a given migrated database; tables are emptied afterwards."""
    built: list[Any] = []

    def factory(database_url: str, **overrides: Any):  # type: ignore[no-untyped-def]
        app = _build_app(database_url, tmp_path / f"data{len(built)}", **overrides)
        built.append(app)
        return app

    yield factory
    for app in built:
        clean_database(app)


@pytest.fixture
def app(make_app, sqlite_database):  # type: ignore[no-untyped-def]
    """An app on the migrated SQLite database (integration tests override this to add PostgreSQL)."""
    application = make_app(sqlite_database)
    with application.app_context():
        yield application


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def operator():  # type: ignore[no-untyped-def]
    from eoffice.actor import Actor

    return Actor.operator("kiểm thử")


@pytest.fixture
def ocr_installed() -> None:
    """OCR tests need ocrmypdf with Tesseract's Vietnamese model; missing, they fail (never skip)."""
    from eoffice.archive import digitise

    if not digitise.ocr_available():
        pytest.fail("ocrmypdf (tesseract-ocr-vie) is missing: run scripts/test.sh, which installs it.", pytrace=False)
