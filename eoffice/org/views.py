"""Admin pages for units and users, and the directory everyone can read."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import or_, select

from eoffice import current_settings
from eoffice.auth import service as accounts
from eoffice.auth.forms import ConfirmForm, MembershipForm, PasswordResetForm, RoleGrantForm, UserForm
from eoffice.auth.models import Membership, RoleGrant, User
from eoffice.auth.passwords import policy_hint
from eoffice.auth.roles import Role
from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.org import service
from eoffice.org.forms import UnitForm
from eoffice.org.models import UNIT_KINDS
from eoffice.web.guard import current_actor, requires
from eoffice.web.paging import page_number

bp = Blueprint("org", __name__, template_folder="templates")

PER_PAGE = 25


def _unit_choices(blank: str | None = None) -> list[tuple[int, str]]:
    choices = [(0, blank)] if blank else []
    for depth, unit in service.tree():
        if unit.is_active:
            choices.append((unit.id, "— " * depth + unit.name))
    return choices


def _role_choices() -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in Role]


# --- Units -----------------------------------------------------------------------------------
@bp.get("/admin/units")
@requires("admin.units.manage")
def units() -> Any:
    return render_template("org/units.html", rows=service.tree(), confirm=ConfirmForm())


@bp.route("/admin/units/new", methods=["GET", "POST"])
@requires("admin.units.manage")
def unit_new() -> Any:
    form = UnitForm()
    form.kind.choices = list(UNIT_KINDS.items())
    form.parent_id.choices = _unit_choices("(Không có – đơn vị gốc)")
    if request.method == "GET" and request.args.get("parent"):
        form.parent_id.data = request.args.get("parent", type=int)
    if form.validate_on_submit():
        try:
            unit = service.create_unit(
                current_actor(), name=form.name.data or "", short_name=form.short_name.data or "",
                kind=form.kind.data or "", parent_id=form.parent_id.data or None, org_code=form.org_code.data,
                notation_abbr=form.notation_abbr.data,
            )
        except ServiceError as exc:
            flash(exc.message, "error")
        else:
            flash(f"Đã tạo đơn vị {unit.name}.", "success")
            return redirect(url_for("org.units"))
    return render_template("org/unit_form.html", form=form, unit=None), (400 if form.errors or request.method == "POST" else 200)


@bp.route("/admin/units/<int:unit_id>/edit", methods=["GET", "POST"])
@requires("admin.units.manage")
def unit_edit(unit_id: int) -> Any:
    unit = service.get_unit(unit_id)
    form = UnitForm(obj=unit)
    form.kind.choices = list(UNIT_KINDS.items()) + ([(unit.kind, unit.kind)] if unit.kind not in UNIT_KINDS else [])
    form.parent_id.choices = _unit_choices("(Không có – đơn vị gốc)")
    if request.method == "GET":
        form.parent_id.data = unit.parent_id or 0
    if form.validate_on_submit():
        try:
            service.update_unit(
                current_actor(), unit, name=form.name.data or "", short_name=form.short_name.data or "",
                kind=form.kind.data or "", parent_id=form.parent_id.data or None, org_code=form.org_code.data,
                notation_abbr=form.notation_abbr.data,
            )
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash("Đã lưu thay đổi.", "success")
            return redirect(url_for("org.units"))
    return render_template("org/unit_form.html", form=form, unit=unit), (400 if request.method == "POST" else 200)


@bp.post("/admin/units/<int:unit_id>/active")
@requires("admin.units.manage")
def unit_set_active(unit_id: int) -> Any:
    form = ConfirmForm()
    if form.validate_on_submit():
        unit = service.get_unit(unit_id)
        try:
            service.set_unit_active(current_actor(), unit, request.form.get("active") == "1")
        except ServiceError as exc:
            flash(exc.message, "error")
        else:
            flash(("Đã mở lại " if unit.is_active else "Đã ngừng hoạt động ") + unit.name + ".", "success")
    return redirect(url_for("org.units"))


# --- Users -----------------------------------------------------------------------------------
def _filtered_users():
    query = select(User).order_by(User.full_name)
    q = (request.args.get("q") or "").strip()
    if q:
        like = f"%{q}%"
        query = query.where(or_(User.full_name.ilike(like), User.username.ilike(like), User.email.ilike(like)))
    unit_id = request.args.get("unit", type=int)
    if unit_id:
        query = query.where(User.memberships.any(Membership.unit_id == unit_id))
    role = request.args.get("role")
    if role:
        query = query.where(User.role_grants.any(RoleGrant.role == role))
    status = request.args.get("status")
    if status == "active":
        query = query.where(User.is_enabled.is_(True))
    elif status == "disabled":
        query = query.where(User.is_enabled.is_(False))
    return query


@bp.get("/admin/users")
@requires("admin.users.manage")
def users() -> Any:
    page = db.paginate(_filtered_users(), page=page_number(), per_page=PER_PAGE, error_out=False)
    return render_template("org/users.html", page=page, units=_unit_choices(), roles=_role_choices())


@bp.route("/admin/users/new", methods=["GET", "POST"])
@requires("admin.users.manage")
def user_new() -> Any:
    form = UserForm()
    form.unit_id.choices = _unit_choices("(Chưa gán đơn vị)")
    form.role.choices = [("", "(Chưa cấp vai trò)")] + _role_choices()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                current_actor(), username=form.username.data or "", full_name=form.full_name.data or "",
                password=form.password.data or "", email=form.email.data or "", phone=form.phone.data or "",
                unit_id=form.unit_id.data or None, position=form.position.data or "",
                roles=[Role(form.role.data)] if form.role.data else [],
            )
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash(f"Đã tạo tài khoản {user.username}.", "success")
            return redirect(url_for("org.user_detail", user_id=user.id))
    hint = policy_hint(current_settings().password_min_length)
    return render_template("org/user_form.html", form=form, password_hint=hint), (400 if request.method == "POST" else 200)


@bp.get("/admin/users/<int:user_id>")
@requires("admin.users.manage")
def user_detail(user_id: int) -> Any:
    user = accounts.get_user(user_id)
    grant_form = RoleGrantForm()
    grant_form.role.choices = _role_choices()
    grant_form.unit_id.choices = _unit_choices("(Toàn cơ quan)")
    membership_form = MembershipForm()
    membership_form.unit_id.choices = _unit_choices()
    return render_template(
        "org/user_detail.html", user=user, grant_form=grant_form, membership_form=membership_form,
        reset_form=PasswordResetForm(), confirm=ConfirmForm(), tokens=accounts.user_tokens(user),
    )


def _user_action(user_id: int, form_class, action) -> Any:  # type: ignore[no-untyped-def]
    user = accounts.get_user(user_id)
    form = form_class()
    if hasattr(form, "role"):
        form.role.choices = _role_choices()
    if hasattr(form, "unit_id"):
        form.unit_id.choices = _unit_choices("(Toàn cơ quan)")
    if form.validate_on_submit():
        try:
            message = action(user, form)
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash(message, "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    return redirect(url_for("org.user_detail", user_id=user.id))


@bp.post("/admin/users/<int:user_id>/enabled")
@requires("admin.users.manage")
def user_set_enabled(user_id: int) -> Any:
    def act(user: User, form: Any) -> str:
        enabled = request.form.get("enabled") == "1"
        accounts.set_enabled(current_actor(), user, enabled)
        return "Đã mở lại tài khoản." if enabled else "Đã vô hiệu hóa tài khoản; lịch sử của người dùng được giữ nguyên."

    return _user_action(user_id, ConfirmForm, act)


@bp.post("/admin/users/<int:user_id>/password")
@requires("admin.users.manage")
def user_reset_password(user_id: int) -> Any:
    def act(user: User, form: Any) -> str:
        accounts.reset_password(current_actor(), user, form.password.data or "")
        return "Đã đặt lại mật khẩu; các phiên đăng nhập cũ của người dùng đã kết thúc."

    return _user_action(user_id, PasswordResetForm, act)


@bp.post("/admin/users/<int:user_id>/roles")
@requires("admin.users.manage")
def user_grant_role(user_id: int) -> Any:
    def act(user: User, form: Any) -> str:
        role = Role(form.role.data)
        accounts.grant_role(current_actor(), user, role, form.unit_id.data or None)
        return f"Đã cấp vai trò {role.label}."

    return _user_action(user_id, RoleGrantForm, act)


@bp.post("/admin/users/<int:user_id>/roles/revoke")
@requires("admin.users.manage")
def user_revoke_role(user_id: int) -> Any:
    def act(user: User, form: Any) -> str:
        role = Role(request.form.get("role", ""))
        unit_id = request.form.get("unit_id", type=int) or None
        accounts.revoke_role(current_actor(), user, role, unit_id)
        return f"Đã bỏ vai trò {role.label}."

    return _user_action(user_id, ConfirmForm, act)


@bp.post("/admin/users/<int:user_id>/memberships")
@requires("admin.users.manage")
def user_add_membership(user_id: int) -> Any:
    def act(user: User, form: Any) -> str:
        accounts.add_membership(current_actor(), user, form.unit_id.data, form.position.data or "", bool(form.primary.data))
        return "Đã thêm đơn vị công tác."

    return _user_action(user_id, MembershipForm, act)


@bp.post("/admin/users/<int:user_id>/memberships/remove")
@requires("admin.users.manage")
def user_remove_membership(user_id: int) -> Any:
    def act(user: User, form: Any) -> str:
        accounts.remove_membership(current_actor(), user, request.form.get("unit_id", type=int) or 0)
        return "Đã bỏ đơn vị công tác."

    return _user_action(user_id, ConfirmForm, act)


# --- Directory -------------------------------------------------------------------------------
@bp.get("/directory")
@requires("org.directory.view")
def directory() -> Any:
    members = db.session.scalars(
        select(Membership).join(User).where(User.is_enabled.is_(True)).order_by(User.full_name)
    ).all()
    by_unit: dict[int, list[Membership]] = {}
    for membership in members:
        by_unit.setdefault(membership.unit_id, []).append(membership)
    return render_template("org/directory.html", rows=service.tree(), by_unit=by_unit)
