"""The JSON API under /api/v1: token authentication, JSON errors, an OpenAPI document.

Domain packages declare endpoints with `endpoint(...)`; the declaration carries the permission
and the OpenAPI description, so the document cannot drift from what is served.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps
from typing import Any, Callable, Optional

from flask import Blueprint, g, jsonify, request
from flask_login import current_user

from eoffice.auth.permissions import require
from eoffice.errors import ServiceError
from eoffice.extensions import csrf

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Tokens, not cookies, authenticate the API, so a cross-site form cannot ride a session.
csrf.exempt(api_bp)


def json_error(status: int, code: str, message: str, **details: Any) -> Any:
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if details:
        body["error"]["details"] = details
    return jsonify(body), status


@dataclass
class EndpointDoc:
    path: str
    method: str
    summary: str
    action: str
    body: Optional[dict[str, Any]] = None
    params: list[dict[str, Any]] = field(default_factory=list)


ENDPOINTS: list[EndpointDoc] = []


def endpoint(path: str, method: str, action: str, summary: str, body: Optional[dict[str, Any]] = None,
             params: Optional[list[dict[str, Any]]] = None) -> Callable[..., Any]:
    """Register an API route guarded by `action`, documented in the OpenAPI output."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated or not g.get("token_auth"):
                return json_error(401, "unauthorized", "Cần khóa API hợp lệ trong tiêu đề 'Authorization: Bearer <khóa>'.")
            require(current_user, action)
            return view(*args, **kwargs)

        wrapped.required_action = action  # type: ignore[attr-defined]
        api_bp.add_url_rule(path, view_func=wrapped, methods=[method], endpoint=f"{view.__module__.split('.')[1]}_{view.__name__}")
        ENDPOINTS.append(EndpointDoc(path, method, summary, action, body, params or []))
        return wrapped

    return decorator


def json_body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ServiceError("invalid_json", "Nội dung yêu cầu phải là một đối tượng JSON (Content-Type: application/json).")
    return data


def page_args() -> tuple[int, int]:
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    per_page = min(max(request.args.get("per_page", 50, type=int) or 50, 1), 200)
    return page, per_page


def paged(pagination: Any, serialize: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    return {
        "items": [serialize(item) for item in pagination.items],
        "page": pagination.page,
        "per_page": pagination.per_page,
        "total": pagination.total,
    }


def _openapi_path(path: str) -> str:
    import re

    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", path)


@api_bp.get("/openapi.json")
def openapi() -> Any:
    """The OpenAPI 3.1 document of every registered endpoint."""
    paths: dict[str, dict[str, Any]] = {}
    for doc in ENDPOINTS:
        operation: dict[str, Any] = {
            "summary": doc.summary,
            "description": f"Quyền cần có: `{doc.action}`.",
            "security": [{"bearer": []}],
            "responses": {
                "200": {"description": "Thành công"},
                "400": {"$ref": "#/components/responses/Error"},
                "401": {"$ref": "#/components/responses/Error"},
                "403": {"$ref": "#/components/responses/Error"},
                "404": {"$ref": "#/components/responses/Error"},
            },
        }
        params = list(doc.params)
        import re

        for name in re.findall(r"<(?:[a-z]+:)?([a-z_]+)>", doc.path):
            params.append({"name": name, "in": "path", "required": True, "schema": {"type": "integer"}})
        if params:
            operation["parameters"] = params
        if doc.body:
            operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": doc.body}}}
        paths.setdefault("/api/v1" + _openapi_path(doc.path), {})[doc.method.lower()] = operation
    return jsonify({
        "openapi": "3.1.0",
        "info": {"title": "eoffice API", "version": "1", "description": "API JSON của eoffice. Xác thực bằng khóa API (Bearer)."},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {"Error": {"description": "Lỗi", "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"error": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}},
            }}}}},
        },
    })


openapi.is_public = True  # type: ignore[attr-defined]

# Domain API modules register their endpoints on import.
from eoffice.api import routes  # noqa: E402,F401
