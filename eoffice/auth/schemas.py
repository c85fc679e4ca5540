"""Typed input and output of the users API."""
from __future__ import annotations

from typing import Annotated, Optional

from pydantic import AfterValidator, Field

from eoffice.api.schemas import Id, Input, Output, PageQuery, Text30, Text100, Text200
from eoffice.auth.roles import Role, parse_role


def _role(value: str) -> Role:
    return parse_role(value)  # its ValueError names the valid codes


RoleName = Annotated[Text100, AfterValidator(_role)]


class UserQuery(PageQuery):
    q: Text100 = Field("", title="Tìm theo tên hoặc tên đăng nhập")


class UserCreate(Input):
    username: Text100 = Field(title="Tên đăng nhập")
    full_name: Text200 = Field(title="Họ và tên")
    password: Text200 = Field(title="Mật khẩu")
    email: Optional[Text200] = Field("", title="Thư điện tử")
    phone: Optional[Text30] = Field("", title="Điện thoại")
    unit_id: Optional[Id] = Field(None, title="Đơn vị")
    position: Optional[Text200] = Field("", title="Chức vụ")
    roles: list[RoleName] = Field(default_factory=list, max_length=20, title="Vai trò")


class RoleGrantIn(Input):
    role: RoleName = Field(title="Vai trò")
    unit_id: Optional[Id] = Field(None, title="Đơn vị")


class RoleOut(Output):
    role: str
    label: str = Field(validation_alias="role_label")
    unit_id: Optional[int]


class MembershipOut(Output):
    unit_id: int
    position: str
    is_primary: bool


class UserOut(Output):
    id: int
    username: str
    full_name: str
    email: Optional[str]
    phone: Optional[str]
    is_enabled: bool
    roles: list[RoleOut] = Field(validation_alias="role_grants")
    units: list[MembershipOut] = Field(validation_alias="memberships")


class PasswordChangeIn(Input):
    current_password: Text200 = Field(title="Mật khẩu hiện tại")
    new_password: Text200 = Field(title="Mật khẩu mới")


class PasswordChangeOut(Output):
    changed: bool
    sessions_ended: int
