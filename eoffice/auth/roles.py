"""The roles of a Vietnamese local-government office (shared/DOMAIN.md §6).

A role is granted to a user, optionally scoped to one unit (e.g. văn thư of Sở Tư pháp).
"""
from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "van_thu"
    SPECIALIST = "chuyen_vien"
    UNIT_HEAD = "lanh_dao_don_vi"
    OFFICE_CHIEF = "chanh_van_phong"
    CHAIR = "chu_tich"
    DESK_OFFICER = "can_bo_mot_cua"
    ARCHIVIST = "luu_tru_vien"
    ADMIN = "quan_tri"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.CLERK: "Văn thư",
    Role.SPECIALIST: "Chuyên viên",
    Role.UNIT_HEAD: "Lãnh đạo đơn vị",
    Role.OFFICE_CHIEF: "Chánh Văn phòng",
    Role.CHAIR: "Chủ tịch / Phó Chủ tịch",
    Role.DESK_OFFICER: "Cán bộ một cửa",
    Role.ARCHIVIST: "Lưu trữ viên",
    Role.ADMIN: "Quản trị hệ thống",
}


def parse_role(value: str) -> Role:
    """Accept the code (`van_thu`) or the Vietnamese label; raise ValueError otherwise."""
    for role in Role:
        if value in (role.value, role.label):
            return role
    codes = ", ".join(r.value for r in Role)
    raise ValueError(f"Vai trò '{value}' không tồn tại. Các vai trò hợp lệ: {codes}.")
