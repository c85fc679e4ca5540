"""What each role sees first: its work queues.

Domain packages register queue providers (title, count function, link) for the roles whose
daily work they hold; the home page shows the queues of every role the user has.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from eoffice.auth.roles import Role

ROLE_FOCUS: dict[Role, str] = {
    Role.CLERK: "Tiếp nhận, vào sổ văn bản đến; cấp số và phát hành văn bản đi.",
    Role.SPECIALIST: "Xử lý văn bản, hồ sơ và nhiệm vụ được giao đúng hạn.",
    Role.UNIT_HEAD: "Phân công xử lý trong đơn vị và theo dõi tiến độ.",
    Role.OFFICE_CHIEF: "Trình lãnh đạo, đề xuất phân phối văn bản, đôn đốc việc trễ hạn.",
    Role.CHAIR: "Cho ý kiến chỉ đạo, giao nhiệm vụ và theo dõi việc trễ hạn.",
    Role.DESK_OFFICER: "Tiếp nhận, luân chuyển và trả kết quả hồ sơ thủ tục hành chính.",
    Role.ARCHIVIST: "Quản lý hồ sơ lưu trữ, thời hạn bảo quản và tra cứu.",
    Role.ADMIN: "Quản lý đơn vị, tài khoản, vai trò và nhật ký hệ thống.",
}


@dataclass(frozen=True)
class Queue:
    role: Role
    title: str
    count: Callable[[Any], int]
    endpoint: str
    endpoint_args: Optional[dict[str, Any]] = None
    urgent: bool = False


_QUEUES: list[Queue] = []


def register_queue(queue: Queue) -> None:
    """Add a queue, or replace the one with the same role and title (each app that is created
    registers its queues again, with new count functions)."""
    for position, existing in enumerate(_QUEUES):
        if (existing.role, existing.title) == (queue.role, queue.title):
            _QUEUES[position] = queue
            return
    _QUEUES.append(queue)


def queues_for(user: Any) -> dict[Role, list[Queue]]:
    roles = user.roles
    return {role: [q for q in _QUEUES if q.role == role] for role in Role if role in roles}
