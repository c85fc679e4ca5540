"""eoffice: the application factory.

Nothing happens at import time; `create_app` builds a configured Flask app so tests, the CLI
and the WSGI server each get their own instance.
"""
from __future__ import annotations

from typing import Any

from flask import Flask

from eoffice.config import Settings


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    """Build the Flask application from `settings` (default: read from EOFFICE_* variables)."""
    settings = settings or Settings.from_env(**overrides)
    settings.prepare_data_dir()

    from apiflask import APIFlask

    from eoffice.api import APP_OPTIONS

    # APIFlask is Flask plus the JSON API's typed inputs/outputs and generated OpenAPI document.
    app = APIFlask(__name__, instance_path=str(settings.data_dir), **APP_OPTIONS)
    app.config.update(settings.flask_config())
    app.extensions["eoffice.settings"] = settings

    from eoffice import extensions

    extensions.init_app(app)

    from eoffice import web

    web.init_app(app)
    return app


def current_settings() -> Settings:
    """The settings of the app in the current context."""
    from flask import current_app

    return current_app.extensions["eoffice.settings"]
