"""The register administration page: list, open, rename, stop and reopen incoming registers."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from eoffice.auth.principals import clerk_units
from eoffice.auth.roles import Role
from eoffice.db import db
from eoffice.documents import register_admin
from eoffice.documents.views import parse_int
from eoffice.errors import ServiceError
from eoffice.web.guard import current_actor, requires

bp = Blueprint("register_admin", __name__, url_prefix="/admin/registers", template_folder="templates")


def _units() -> list[Any]:
    from eoffice.org import service as org

    allowed = None if current_user.has_role(Role.ADMIN) else clerk_units(current_user)
    return [(depth, u) for depth, u in org.tree() if u.is_active and (allowed is None or u.id in allowed)]


@bp.get("/")
@requires(register_admin.MANAGE)
def index() -> Any:
    return render_template("documents/register_admin.html", rows=register_admin.managed_registers(current_user), units=_units())


def _done(call: Any, success: str) -> Any:
    try:
        call()
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        flash(success, "success")
    return redirect(url_for(".index"))


@bp.post("/new")
@requires(register_admin.MANAGE)
def create() -> Any:
    def call() -> None:
        unit_id = parse_int(request.form.get("unit_id"), "Đơn vị")
        if not unit_id:
            raise ServiceError("missing_unit", "Hãy chọn đơn vị giữ sổ.")
        register_admin.create(current_actor(), unit_id, request.form.get("name", ""), request.form.get("confidential") == "1")

    return _done(call, "Đã mở sổ mới.")


@bp.post("/<int:register_id>/rename")
@requires(register_admin.MANAGE)
def rename(register_id: int) -> Any:
    return _done(lambda: register_admin.rename(current_actor(), register_admin.get_register(register_id), request.form.get("name", "")),
                 "Đã đổi tên sổ.")


@bp.post("/<int:register_id>/active")
@requires(register_admin.MANAGE)
def set_active(register_id: int) -> Any:
    active = request.form.get("active") == "1"
    return _done(lambda: register_admin.set_active(current_actor(), register_admin.get_register(register_id), active),
                 "Đã mở lại sổ." if active else "Đã ngừng sử dụng sổ.")
