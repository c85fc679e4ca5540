"""Home page per role, health probes, language switch."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text

from eoffice.web.guard import public, requires
from eoffice.web.home import ROLE_FOCUS, queues_for

bp = Blueprint("core", __name__, template_folder="templates", static_folder="static", static_url_path="/static/core")


@bp.get("/")
@requires("authenticated")
def home() -> Any:
    queues = queues_for(current_user)
    cards = []
    for role, role_queues in queues.items():
        items = []
        for queue in role_queues:
            items.append({
                "title": queue.title,
                "count": queue.count(current_user),
                "url": url_for(queue.endpoint, **(queue.endpoint_args or {})),
                "urgent": queue.urgent,
            })
        cards.append({"role": role, "focus": ROLE_FOCUS[role], "queues": items})
    return render_template("home.html", cards=cards)


@bp.get("/lang/<code>")
@public
def set_language(code: str) -> Any:
    from flask import session

    from eoffice.extensions import SUPPORTED_LOCALES

    if code in SUPPORTED_LOCALES:
        session["lang"] = code
    target = request.args.get("next") or url_for("core.home")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("core.home")
    return redirect(target)


@bp.get("/favicon.ico")
@public
def favicon() -> Any:
    """Browsers ask for /favicon.ico by themselves (a PDF opened in a tab, bookmarks): the shipped icon."""
    return bp.send_static_file("favicon.ico")


@bp.get("/healthz")
@public
def healthz() -> Any:
    """The process is up (no dependency is touched)."""
    return jsonify(status="ok")


@bp.get("/readyz")
@public
def readyz() -> Any:
    """Database, storage and search reachable; says which one is not."""
    from eoffice import backends
    from eoffice.db import db

    checks: dict[str, dict[str, Any]] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = {"ok": True}
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        db.session.rollback()
        checks["database"] = {"ok": False, "error": str(exc)[:300]}
    checks["storage"] = backends.storage_health()
    checks["search"] = backends.search_health()
    ready = all(check["ok"] for check in checks.values())
    return jsonify(status="ready" if ready else "not_ready", checks=checks), (200 if ready else 503)
