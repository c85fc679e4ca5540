"""Integration tests run on SQLite and on the real PostgreSQL started by scripts/test.sh."""
from __future__ import annotations

import pytest


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(f"{request.param}_database")


@pytest.fixture
def app(make_app, database_url):  # type: ignore[no-untyped-def]
    application = make_app(database_url)
    with application.app_context():
        yield application


@pytest.fixture
def demo_app(app):  # type: ignore[no-untyped-def]
    from eoffice.demo import load_demo

    load_demo()
    return app
