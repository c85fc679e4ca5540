"""JSON API for users, roles and the caller's identity."""
from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user
from sqlalchemy import select

from eoffice.api import endpoint, json_body, page_args, paged
from eoffice.auth import service
from eoffice.auth.models import User
from eoffice.auth.roles import Role, parse_role
from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.web.guard import current_actor


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id, "username": user.username, "full_name": user.full_name, "email": user.email,
        "phone": user.phone, "is_enabled": user.is_enabled,
        "roles": [{"role": g.role, "label": g.role_label, "unit_id": g.unit_id} for g in user.role_grants],
        "units": [{"unit_id": m.unit_id, "position": m.position, "is_primary": m.is_primary} for m in user.memberships],
    }


def _role(value: Any) -> Role:
    try:
        return parse_role(str(value))
    except ValueError as exc:
        raise ServiceError("invalid_role", str(exc)) from exc


@endpoint("/me", "GET", "authenticated", "Người dùng gắn với khóa API đang dùng")
def me() -> Any:
    return user_json(current_user)


@endpoint("/users", "GET", "admin.users.manage", "Danh sách người dùng (phân trang, lọc theo q)",
          params=[{"name": "q", "in": "query", "schema": {"type": "string"}}])
def list_users() -> Any:
    query = select(User).order_by(User.full_name)
    if request.args.get("q"):
        query = query.where(User.full_name.ilike(f"%{request.args['q']}%") | User.username.ilike(f"%{request.args['q']}%"))
    page, per_page = page_args()
    return paged(db.paginate(query, page=page, per_page=per_page, error_out=False), user_json)


@endpoint("/users/<int:user_id>", "GET", "admin.users.manage", "Một người dùng")
def get_user(user_id: int) -> Any:
    return user_json(service.get_user(user_id))


@endpoint("/users", "POST", "admin.users.manage", "Tạo người dùng", body={
    "type": "object", "required": ["username", "full_name", "password"],
    "properties": {"username": {"type": "string"}, "full_name": {"type": "string"}, "password": {"type": "string"},
                   "email": {"type": "string"}, "phone": {"type": "string"}, "unit_id": {"type": "integer"},
                   "position": {"type": "string"}, "roles": {"type": "array", "items": {"type": "string"}}}})
def create_user() -> Any:
    data = json_body()
    user = service.create_user(
        current_actor(), username=str(data.get("username", "")), full_name=str(data.get("full_name", "")),
        password=str(data.get("password", "")), email=str(data.get("email") or ""), phone=str(data.get("phone") or ""),
        unit_id=data.get("unit_id"), position=str(data.get("position") or ""),
        roles=[_role(r) for r in data.get("roles") or []],
    )
    return user_json(user), 201


@endpoint("/users/<int:user_id>/disable", "POST", "admin.users.manage", "Vô hiệu hóa người dùng (giữ lịch sử)")
def disable_user(user_id: int) -> Any:
    return user_json(service.set_enabled(current_actor(), service.get_user(user_id), False))


@endpoint("/users/<int:user_id>/enable", "POST", "admin.users.manage", "Mở lại người dùng")
def enable_user(user_id: int) -> Any:
    return user_json(service.set_enabled(current_actor(), service.get_user(user_id), True))


@endpoint("/users/<int:user_id>/roles", "POST", "admin.users.manage", "Cấp vai trò", body={
    "type": "object", "required": ["role"], "properties": {"role": {"type": "string"}, "unit_id": {"type": ["integer", "null"]}}})
def grant_role(user_id: int) -> Any:
    data = json_body()
    user = service.get_user(user_id)
    service.grant_role(current_actor(), user, _role(data.get("role")), data.get("unit_id"))
    return user_json(user)


@endpoint("/me/password", "POST", "authenticated",
          "Đổi mật khẩu của người dùng gắn với khóa API (mọi phiên đăng nhập trên trình duyệt kết thúc)", body={
              "type": "object", "required": ["current_password", "new_password"],
              "properties": {"current_password": {"type": "string"}, "new_password": {"type": "string"}}})
def change_my_password() -> Any:
    data = json_body()
    ended = service.change_own_password(
        current_actor(), str(data.get("current_password") or ""), str(data.get("new_password") or ""),
    )
    return {"changed": True, "sessions_ended": ended}
