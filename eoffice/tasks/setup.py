"""Plugging tasks into the app: pages, API, menu entries, home queues, audit labels and the
reminder job (the kind hands this to the core through `TASK.init_app`)."""
from __future__ import annotations

from typing import Any

from flask import Flask

from eoffice.auth.roles import Role


def _audit_labels() -> None:
    from eoffice.audit.labels import register_actions, register_keys, register_object

    register_actions({"task.plan_created": "Tạo kế hoạch (nhiệm vụ)", "schedule.entry_added": "Thêm lịch công tác",
                      "schedule.approved": "Duyệt lịch công tác tuần", "schedule.published": "Công bố lịch công tác tuần"})
    register_object("task_plan", "Kế hoạch")
    register_object("schedule_week", "Lịch công tác tuần")
    register_keys({
        "lead_unit": "Đơn vị chủ trì", "lead_user": "Người chủ trì", "coordinate": "Đơn vị phối hợp",
        "percent": "Tiến độ (%)", "parent": "Nhiệm vụ cha", "children": "Nhiệm vụ con", "extension": "Đề nghị gia hạn",
        "with_parent": "Hủy cùng nhiệm vụ", "files": "Tệp", "reminder": "Đôn đốc", "channels": "Kênh gửi",
        "leader": "Lãnh đạo", "starts_at": "Bắt đầu", "published": "Đã công bố", "week": "Tuần",
    })


def _mine(user: Any) -> int:
    from eoffice.tasks import queries

    return queries.my_open_count(user)


def _reminders() -> int:
    from eoffice.tasks.reminders import send_due_reminders

    return send_due_reminders()


def _from_document(item: Any) -> str:
    """The new-task form filled from a document: its subject, its number and — for an incoming
    one — the leader's latest steering opinion (the routed event's text) as the task's content;
    an issued outgoing document (a directive, a plan) is its own source, its number is `notation`."""
    from urllib.parse import urlencode

    opinion = next((e.text for e in reversed(item.events) if e.kind == "routed" and e.text), "")
    notation = getattr(item, "number_notation", "") or getattr(item, "notation", "") or ""
    return "/tasks/new?" + urlencode({
        "source": item.kind, "source_item_id": item.id, "title": item.title[:500], "content": opinion[:5000],
        "source_note": f"Văn bản số {notation}" if notation else "",
    })


def init_app(app: Flask) -> None:
    from eoffice.tasks import api  # noqa: F401 - registers the JSON endpoints
    from eoffice.tasks.dashboard_views import bp as dashboard_bp
    from eoffice.tasks.schedule_views import bp as schedule_bp
    from eoffice.tasks.views import bp
    from eoffice.outbox.schedule import periodic
    from eoffice.web.home import Queue, register_queue
    from eoffice.web.menu import MenuEntry, add_entry

    app.register_blueprint(bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(schedule_bp)
    _audit_labels()
    add_entry(MenuEntry("Nhiệm vụ", "tasks.index", "tasks.work", order=30))
    add_entry(MenuEntry("Bảng theo dõi nhiệm vụ", "task_dashboard.dashboard", "tasks.dashboard", order=31))
    add_entry(MenuEntry("Theo dõi nhiệm vụ đơn vị", "task_dashboard.unit", "tasks.dashboard.unit", order=31))
    add_entry(MenuEntry("Bảng việc của tôi", "task_dashboard.mine", "tasks.dashboard.mine", order=31))
    add_entry(MenuEntry("Lịch công tác", "task_schedule.week", "schedule.view", order=32))
    periodic("tasks.reminders", 900, _reminders)
    from eoffice.work.links import ItemLink, register_link

    register_link(ItemLink("incoming", "Giao nhiệm vụ", "tasks.assign", _from_document))
    register_link(ItemLink("outgoing", "Giao nhiệm vụ", "tasks.assign", _from_document))
    for role in (Role.SPECIALIST, Role.UNIT_HEAD, Role.OFFICE_CHIEF, Role.CHAIR):
        register_queue(Queue(role, "Nhiệm vụ của tôi đang thực hiện", _mine, "tasks.index", {"tab": "cua_toi", "status": "open"}))
