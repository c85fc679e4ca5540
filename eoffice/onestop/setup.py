"""Plugging one-stop dossiers into the app: desk and public pages, API, menu entries, home
queue, audit labels (the kind hands this to the core through `DOSSIER.init_app`)."""
from __future__ import annotations

from typing import Any

from flask import Flask

from eoffice.auth.roles import Role
from eoffice.web.home import Queue, register_queue
from eoffice.web.menu import MenuEntry, add_entry


def _waiting(user: Any) -> int:
    from eoffice.onestop import queries

    return queries.waiting_count(user)


def _audit_labels() -> None:
    from eoffice.audit.labels import register_actions, register_keys, register_object

    register_actions({"onestop.procedure_created": "Thêm thủ tục hành chính", "onestop.procedure_updated": "Sửa thủ tục hành chính",
                      "onestop.catalogue_imported": "Nhập danh mục thủ tục hành chính"})
    register_object("procedure", "Thủ tục hành chính")
    register_keys({"code": "Mã", "channel": "Hình thức nộp", "missing": "Thành phần cần bổ sung", "restart": "Tính lại từ đầu",
                   "from": "Hẹn cũ", "to": "Hẹn mới", "clock": "Đồng hồ thời hạn", "file": "Tệp", "created": "Thêm mới",
                   "updated": "Cập nhật"})


def init_app(app: Flask) -> None:
    from eoffice.onestop import account_views  # noqa: F401 - adds the citizen account pages to the public blueprint
    from eoffice.onestop import api  # noqa: F401 - registers the JSON endpoints
    from eoffice.onestop import kiosk  # noqa: F401 - adds the kiosk pages to the public blueprint
    from eoffice.onestop import notices  # noqa: F401 - registers the outbox handler
    from eoffice.onestop.public_views import public_bp
    from eoffice.onestop.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
    _audit_labels()
    add_entry(MenuEntry("Hồ sơ một cửa", "onestop.index", "onestop.work", order=30))
    add_entry(MenuEntry("Thủ tục hành chính", "onestop.procedures", "onestop.catalogue.manage", group="admin", order=17))
    for role in (Role.DESK_OFFICER, Role.SPECIALIST, Role.UNIT_HEAD, Role.CHAIR):
        register_queue(Queue(role, "Hồ sơ một cửa chờ tôi xử lý", _waiting, "onestop.index", {"tab": "cho_toi"}))
    from eoffice.onestop.accounts import drop_old_codes_and_sessions
    from eoffice.outbox.schedule import periodic

    periodic("onestop.drop_old_citizen_codes_and_sessions", 24 * 3600, drop_old_codes_and_sessions)
