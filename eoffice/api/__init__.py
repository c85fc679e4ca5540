"""The JSON API under /api/v1, on APIFlask: typed requests and responses, token authentication,
JSON errors in one envelope, and the OpenAPI document the library generates from the routes.

Each domain's `api.py` declares its operations on `api_bp` with the library's decorators
(`@api_bp.input(Model)`, `@api_bp.output(Model)`) under `@permission(action)`, which adds the
Bearer-token check and the permission check — in that order, before any input is read, so a
caller without the right gets 401/403 and never a validation error. The action is kept on the
view (`required_action`) for the route-permission walk.

Errors: `{"error": {"code", "message", "details"?}}` with the right status — 422 and one
Vietnamese message per field for a request that does not fit its model.
"""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable

from apiflask import APIBlueprint, HTTPTokenAuth
from apiflask.exceptions import HTTPError
from flask import Flask, Request, g, jsonify
from flask_login import current_user
from pydantic import ValidationError

from eoffice.auth.permissions import require
from eoffice.errors import ServiceError
from eoffice.extensions import csrf

View = Callable[..., Any]

# What create_app passes to APIFlask: the document at /api/v1/openapi.json, no interactive docs
# page (it loads its script from a CDN, and government networks are often closed), and the
# HTML error pages left to eoffice.web.
APP_OPTIONS: dict[str, Any] = {
    "title": "eoffice API", "version": "1", "spec_path": "/api/v1/openapi.json", "docs_path": None,
    "json_errors": False,
}

api_bp = APIBlueprint("api", __name__, url_prefix="/api/v1", tag={"name": "eoffice"})
# Tokens, not cookies, authenticate the API, so a cross-site form cannot ride a session.
csrf.exempt(api_bp)

UNAUTHORIZED = "Cần khóa API hợp lệ trong tiêu đề 'Authorization: Bearer <khóa>'."
token_auth = HTTPTokenAuth(scheme="Bearer", description="Khóa API tạo ở trang 'Khóa API' của người dùng (eot_…).")


def json_error(status: int, code: str, message: str, **details: Any) -> Any:
    """The error envelope; `details` are made JSON-safe (a service may attach any value)."""
    import json

    from eoffice.jsondata import json_ready

    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if details:
        body["error"]["details"] = json.loads(json.dumps(json_ready(details), default=str))
    return jsonify(body), status


@token_auth.verify_token
def _verify_token(token: str) -> Any:
    """Flask-Login's request loader has already read the header (eoffice.auth.views)."""
    if current_user.is_authenticated and g.get("token_auth"):
        return current_user._get_current_object()
    return None


@token_auth.error_processor
def _token_refused(error: HTTPError) -> Any:
    return json_error(401, "unauthorized", UNAUTHORIZED)


ERROR_RESPONSES = {
    400: "Dữ liệu không hợp lệ (thông báo nói cần sửa gì)",
    403: "Không có quyền",
    404: "Không tìm thấy (mã trong đường dẫn hoặc trong dữ liệu gửi lên)",
    409: "Xung đột với dữ liệu đã có",
}


def permission(action: str) -> Callable[[View], View]:
    """Bearer token, then `require(current_user, action)`, then the view (and its input model)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            require(current_user, action)
            return view(*args, **kwargs)

        lines = [line.strip() for line in (view.__doc__ or "").strip().splitlines()]
        description = "\n".join(lines[1:]).strip()
        guarded = api_bp.doc(
            description=(description + "\n\n" if description else "") + f"Quyền cần có: `{action}`.",
            responses={**ERROR_RESPONSES, **(getattr(view, "_spec", {}).get("responses") or {})},
        )(guarded)
        guarded = api_bp.auth_required(token_auth)(guarded)
        guarded.required_action = action  # type: ignore[attr-defined]
        return guarded

    return decorator


def _error_envelope(error: HTTPError) -> Any:
    """APIFlask's errors (request validation above all) in eoffice's envelope."""
    cause = error.__cause__
    if isinstance(cause, ValidationError):
        from eoffice.api.validation import field_messages

        details = field_messages(cause)
        first = next(iter(details.values()), "Dữ liệu gửi lên không hợp lệ.")
        more = f" (và {len(details) - 1} lỗi khác, xem details)" if len(details) > 1 else ""
        return json_error(error.status_code, "validation_error", first + more, **details)
    return json_error(error.status_code, "http_error", str(error.message))


class _ApiRequest(Request):
    def on_json_loading_failed(self, e: Exception | None) -> Any:
        raise ServiceError("invalid_json", "Nội dung yêu cầu phải là một đối tượng JSON hợp lệ "
                                           "(Content-Type: application/json).")


def init_app(app: Flask) -> None:
    from eoffice.api.schemas import ERROR_SCHEMA

    app.config.update(
        VALIDATION_ERROR_SCHEMA=ERROR_SCHEMA, HTTP_ERROR_SCHEMA=ERROR_SCHEMA, AUTO_SERVERS=False,
        VALIDATION_ERROR_DESCRIPTION="Dữ liệu không đúng kiểu hoặc thiếu trường (details: từng trường)",
        AUTH_ERROR_DESCRIPTION="Thiếu hoặc sai khóa API", NOT_FOUND_DESCRIPTION="Không tìm thấy",
        SUCCESS_DESCRIPTION="Thành công",
        DESCRIPTION="API JSON của eoffice: mọi việc làm được trên trang đều làm được qua API. "
                    "Xác thực bằng khóa API (Authorization: Bearer <khóa>). Lỗi trả về dạng "
                    "{\"error\": {\"code\", \"message\", \"details\"}}.",
    )
    app.request_class = _ApiRequest
    app.view_functions["openapi.spec"].is_public = True  # type: ignore[attr-defined]  # the document is public
    app.error_processor(_error_envelope)  # type: ignore[attr-defined]
    from eoffice.api import routes  # noqa: F401  - domain API modules register their operations

    app.register_blueprint(api_bp)
