"""JSON API for users, roles and the caller's identity."""
from __future__ import annotations

from typing import Any

from flask_login import current_user
from sqlalchemy import select

from eoffice.api import api_bp, permission
from eoffice.api.schemas import Page, paged
from eoffice.auth import service
from eoffice.auth.models import User
from eoffice.auth.schemas import PasswordChangeIn, PasswordChangeOut, RoleGrantIn, UserCreate, UserOut, UserQuery
from eoffice.db import db
from eoffice.web.guard import current_actor


@api_bp.get("/me")
@permission("authenticated")
@api_bp.output(UserOut)
def me() -> Any:
    """Người dùng gắn với khóa API đang dùng"""
    return current_user._get_current_object()


@api_bp.get("/users")
@permission("admin.users.manage")
@api_bp.input(UserQuery, location="query", arg_name="query")
@api_bp.output(Page[UserOut])
def list_users(query: UserQuery) -> Any:
    """Danh sách người dùng (phân trang, lọc theo q)"""
    users = select(User).order_by(User.full_name)
    if query.q:
        users = users.where(User.full_name.ilike(f"%{query.q}%") | User.username.ilike(f"%{query.q}%"))
    return paged(db.paginate(users, page=query.page, per_page=query.per_page, error_out=False))


@api_bp.get("/users/<int:user_id>")
@permission("admin.users.manage")
@api_bp.output(UserOut)
def get_user(user_id: int) -> Any:
    """Một người dùng"""
    return service.get_user(user_id)


@api_bp.post("/users")
@permission("admin.users.manage")
@api_bp.input(UserCreate, arg_name="data")
@api_bp.output(UserOut, status_code=201)
def create_user(data: UserCreate) -> Any:
    """Tạo người dùng"""
    return service.create_user(
        current_actor(), username=data.username, full_name=data.full_name, password=data.password,
        email=data.email or "", phone=data.phone or "", unit_id=data.unit_id, position=data.position or "",
        roles=data.roles,
    )


@api_bp.post("/users/<int:user_id>/disable")
@permission("admin.users.manage")
@api_bp.output(UserOut)
def disable_user(user_id: int) -> Any:
    """Vô hiệu hóa người dùng (giữ lịch sử)"""
    return service.set_enabled(current_actor(), service.get_user(user_id), False)


@api_bp.post("/users/<int:user_id>/enable")
@permission("admin.users.manage")
@api_bp.output(UserOut)
def enable_user(user_id: int) -> Any:
    """Mở lại người dùng"""
    return service.set_enabled(current_actor(), service.get_user(user_id), True)


@api_bp.post("/users/<int:user_id>/roles")
@permission("admin.users.manage")
@api_bp.input(RoleGrantIn, arg_name="data")
@api_bp.output(UserOut)
def grant_role(user_id: int, data: RoleGrantIn) -> Any:
    """Cấp vai trò"""
    user = service.get_user(user_id)
    service.grant_role(current_actor(), user, data.role, data.unit_id)
    return user


@api_bp.post("/me/password")
@permission("authenticated")
@api_bp.input(PasswordChangeIn, arg_name="data")
@api_bp.output(PasswordChangeOut)
def change_my_password(data: PasswordChangeIn) -> Any:
    """Đổi mật khẩu của người dùng gắn với khóa API

    Mọi phiên đăng nhập trên trình duyệt của người này kết thúc; khóa API vẫn dùng được.
    Sai mật khẩu hiện tại nhiều lần thì phải chờ (429), như khi đăng nhập.
    """
    ended = service.change_own_password(current_actor(), data.current_password, data.new_password)
    return {"changed": True, "sessions_ended": ended}
