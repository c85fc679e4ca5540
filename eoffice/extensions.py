"""Flask extensions, created once and bound to each app in `init_app`."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, request, session
from flask_babel import Babel
from flask_login import LoginManager, current_user
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from eoffice.db import db

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
SUPPORTED_LOCALES = ("vi", "en")

migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def select_locale() -> str:
    """Vietnamese first; English when the user chose it (query string, session, profile)."""
    chosen = request.args.get("lang")
    if chosen in SUPPORTED_LOCALES:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in SUPPORTED_LOCALES:
        return session["lang"]
    if current_user and getattr(current_user, "is_authenticated", False):
        preferred = getattr(current_user, "locale", None)
        if preferred in SUPPORTED_LOCALES:
            return preferred
    return "vi"


def init_app(app: Flask) -> None:
    import eoffice.models  # noqa: F401  - register every table

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    translations = Path(__file__).resolve().parent / "translations"
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(translations),
    )
    _compile_translations(translations)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "strong"


def _compile_translations(directory: Path) -> None:
    """Compile .po catalogues whose .mo is missing or stale, so a fresh checkout just works."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
