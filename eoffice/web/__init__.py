"""The HTTP shell: blueprints, error pages, security headers, template helpers."""
from __future__ import annotations

import html
from typing import Any

from markupsafe import Markup, escape

from flask import Flask, flash, g, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from eoffice.auth.permissions import PermissionDenied, can
from eoffice.errors import ServiceError


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in every route stops at the database's integer range, so /incoming/2147483648
    answers 404 like any missing id instead of a 500 from PostgreSQL ("integer out of range")."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        from eoffice.api.schemas import DB_INT_MAX

        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    settings = app.extensions["eoffice.settings"]
    app.url_map.converters["int"] = DatabaseIdConverter  # before any blueprint adds its rules
    if settings.behind_proxy:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    from eoffice import api
    from eoffice.audit.views import bp as audit_bp
    from eoffice.auth import housekeeping as _auth_housekeeping  # noqa: F401 - registers its daily job
    from eoffice.auth.views import bp as auth_bp
    from eoffice.files import housekeeping as _files_housekeeping  # noqa: F401 - registers its daily job
    from eoffice.exchange import inbound as _exchange_in, service as _exchange_out  # noqa: F401 - outbox handler, jobs
    from eoffice.notify import channels as _channels  # noqa: F401 - the e-mail outbox handler, in every worker
    from eoffice.org.views import bp as org_bp
    from eoffice.web.core import bp as core_bp

    from eoffice.notify.views import bp as notify_bp
    from eoffice.web.search_views import bp as search_bp

    for blueprint in (core_bp, auth_bp, org_bp, audit_bp, notify_bp, search_bp):
        app.register_blueprint(blueprint)

    from eoffice.work.setup import init_app as init_kinds

    init_kinds(app)  # every kind of work: pages, API operations, menu, queues, jobs
    from eoffice.signing.setup import init_app as init_signing

    init_signing(app)  # the worker's signature checks, the trust-store page
    api.init_app(app)
    from eoffice.calendar.setup import init_app as init_calendar

    init_calendar(app)

    _register_error_handlers(app)
    _register_template_helpers(app)

    @app.after_request
    def security_headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            # frame-src: the document page shows its PDF in an <iframe> of the file's inline URL (same origin).
            # object-src stays 'self': older Chromium builds show a top-level PDF through an internal <embed>.
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'; "
            "frame-ancestors 'self'",
        )
        return response


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _register_error_handlers(app: Flask) -> None:
    from eoffice.api import json_error

    def page(status: int, title: str, message: str) -> Any:
        return render_template("errors/error.html", status=status, title=title, message=message), status

    @app.errorhandler(PermissionDenied)
    def forbidden(exc: PermissionDenied) -> Any:
        if _wants_json():
            return json_error(403, "forbidden", exc.message)
        return page(403, "Không có quyền truy cập", exc.message)

    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError) -> Any:
        if _wants_json():
            return json_error(exc.status, exc.code, exc.message, **exc.details)
        return page(exc.status, "Không thực hiện được", exc.message)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> Any:
        message = (
            "Phiên làm việc của biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ (CSRF). "
            "Hãy tải lại trang rồi thực hiện lại thao tác."
        )
        if _wants_json():
            return json_error(400, "csrf", message)
        return page(400, "Biểu mẫu không hợp lệ", message)

    messages = {
        400: ("Yêu cầu không hợp lệ", "Dữ liệu gửi lên không hợp lệ. Hãy kiểm tra lại và thử lại."),
        401: ("Cần đăng nhập", "Bạn cần đăng nhập (hoặc dùng khóa API hợp lệ) để truy cập."),
        403: ("Không có quyền truy cập", "Bạn không có quyền xem trang này. Liên hệ quản trị hệ thống nếu cần được cấp quyền."),
        404: ("Không tìm thấy trang", "Trang bạn tìm không tồn tại hoặc đã được chuyển. Hãy quay lại trang chủ."),
        405: ("Thao tác không được hỗ trợ", "Phương thức này không dùng được cho địa chỉ này."),
        422: ("Dữ liệu không hợp lệ", "Một số trường gửi lên sai kiểu hoặc thiếu. Hãy kiểm tra lại từng trường rồi gửi lại."),
        413: ("Tệp quá lớn", "Các tệp gửi lên trong một lần vượt quá dung lượng cho phép. Hãy nén hoặc tách tệp, "
                             "hoặc tải văn bản chính trước rồi thêm tệp đính kèm sau."),
        500: ("Lỗi hệ thống", "Hệ thống gặp lỗi ngoài ý muốn. Thao tác chưa được lưu; hãy thử lại sau ít phút hoặc báo quản trị."),
    }

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        status = exc.code or 500
        title, message = messages.get(status, (exc.name, exc.description or ""))
        if _wants_json():
            return json_error(status, exc.name.lower().replace(" ", "_"), message)
        return page(status, title, message)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        from eoffice.db import db

        app.logger.exception("Unhandled error on %s", request.path)
        db.session.rollback()
        title, message = messages[500]
        if _wants_json():
            return json_error(500, "internal_error", message)
        return page(500, title, message)


def _register_template_helpers(app: Flask) -> None:
    from eoffice.auth.roles import ROLE_LABELS, Role
    from eoffice.web.menu import menu_for

    @app.context_processor
    def helpers() -> dict[str, Any]:
        # The user itself, not the current_user proxy: a page asks it dozens of questions
        # (menu, buttons), and each through the proxy costs a context lookup.
        user = current_user._get_current_object()  # type: ignore[attr-defined]
        return {
            "can": lambda action, obj=None: can(user, action, obj),
            "menu": menu_for(user) if user.is_authenticated else [],
            "role_labels": ROLE_LABELS,
            "settings": app.extensions["eoffice.settings"],
            "unread_notifications": _unread_count(user),
            "doc_type_name": _doc_type_name,
            "role_enum": Role,
        }

    def _unread_count(user: Any) -> int:
        if not user.is_authenticated:
            return 0
        from eoffice.notify.service import unread_count

        return unread_count(user.id)

    def _doc_type_name(code: str) -> str:
        from eoffice.documents.doc_types import type_by_code

        kind = type_by_code(code)
        return kind.name if kind else code

    @app.template_filter("safe_highlight")
    def safe_highlight(value: str) -> Markup:
        """Search snippets: everything escaped except the <mark> tags around matches."""
        cleaned = escape(html.unescape(value or ""))
        return Markup(str(cleaned).replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))

    @app.template_filter("combine")
    def combine(base: dict, extra: dict) -> dict:
        return {**base, **extra}

    @app.template_filter("local_dt")
    def local_dt(value: Any, fmt: str = "dd/MM/yyyy HH:mm") -> str:
        """Show a stored UTC datetime (or an ISO 8601 string kept in JSON) in Vietnam time."""
        if isinstance(value, str) and value:
            from datetime import datetime

            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                return value
        return format_datetime(value, fmt) if value else ""
