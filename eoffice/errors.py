"""The error every service raises for bad input: a code for machines, a Vietnamese message
for people that says what to do next. The HTTP layer maps it to 400/404/409 pages or to
`{"error": {"code": ..., "message": ...}}`."""
from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    status = 400

    def __init__(self, code: str, message: str, **details: Any) -> None:
        self.code = code
        self.message = message
        self.details = details
        super().__init__(message)


class NotFound(ServiceError):
    status = 404

    def __init__(self, what: str, code: str = "not_found") -> None:
        super().__init__(code, f"Không tìm thấy {what}. Có thể mục này đã bị xóa hoặc bạn nhập sai đường dẫn.")


class Conflict(ServiceError):
    status = 409
