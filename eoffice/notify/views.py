"""The user's notifications."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from eoffice.notify import service
from eoffice.web.guard import requires

bp = Blueprint("notify", __name__, template_folder="templates")


@bp.get("/notifications")
@requires("authenticated")
def index() -> Any:
    return render_template("notify/index.html", items=service.recent(current_user.id, 100))


@bp.post("/notifications/read")
@requires("authenticated")
def mark_read() -> Any:
    service.mark_all_read(current_user.id)
    return redirect(url_for("notify.index"))
