"""How the audit log names the actions on accounts, roles and API tokens (see eoffice/audit/labels.py)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from eoffice.audit.labels import int_ids, register_actions, register_keys, register_object
from eoffice.db import db


def _role(value: Any) -> str:
    from eoffice.auth.roles import ROLE_LABELS, Role

    try:
        return ROLE_LABELS[Role(value)]
    except ValueError:
        return str(value)


def _users(ids: list[str]) -> dict[str, str]:
    from eoffice.auth.models import User

    rows = db.session.execute(select(User.id, User.username, User.full_name).where(User.id.in_(int_ids(ids))))
    return {str(r.id): f"Người dùng {r.username} ({r.full_name})" for r in rows}


def _tokens(ids: list[str]) -> dict[str, str]:
    from eoffice.auth.models import ApiToken, User

    rows = db.session.execute(select(ApiToken.id, ApiToken.name, User.username).join(User, User.id == ApiToken.user_id)
                              .where(ApiToken.id.in_(int_ids(ids))))
    return {str(r.id): f"Khóa API “{r.name}” của {r.username}" for r in rows}


def _user_name(value: Any) -> str:
    found = _users([str(value)])
    return found.get(str(value), f"người dùng mã {value}")


register_actions({
    "auth.login": "Đăng nhập",
    "auth.logout": "Đăng xuất",
    "auth.lockout": "Tạm khóa tài khoản do đăng nhập sai nhiều lần",
    "user.create": "Tạo người dùng",
    "user.update": "Sửa thông tin người dùng",
    "user.enable": "Mở khóa tài khoản",
    "user.disable": "Vô hiệu hóa tài khoản",
    "user.reset_password": "Đặt lại mật khẩu",
    "user.grant_role": "Cấp vai trò",
    "user.revoke_role": "Thu hồi vai trò",
    "user.add_membership": "Thêm vào đơn vị",
    "user.remove_membership": "Rút khỏi đơn vị",
    "token.create": "Tạo khóa API",
    "token.revoke": "Thu hồi khóa API",
})
register_keys(
    {"username": "Tên đăng nhập", "full_name": "Họ và tên", "email": "Thư điện tử", "phone": "Điện thoại",
     "roles": "Vai trò", "role": "Vai trò", "position": "Chức vụ", "minutes": "Số phút khóa", "user_id": "Người dùng"},
    {"roles": _role, "role": _role, "user_id": _user_name},
)
register_object("user", "Người dùng", _users)
register_object("api_token", "Khóa API", _tokens)
