"""Vietnamese messages for request validation: one sentence per field, naming the field by its
title in the model and saying what to send instead.

APIFlask raises its validation error from pydantic's; the error types (not pydantic's English
sentences) are translated here, so a new constraint only needs a line in MESSAGES.
"""
from __future__ import annotations

import typing
from typing import Any, Optional

from pydantic import BaseModel, ValidationError

from eoffice.api.schemas import Input

MESSAGES: dict[str, str] = {
    "missing": "{label}: thiếu trường bắt buộc.",
    "extra_forbidden": "{label}: trường này không có trong API; hãy bỏ đi hoặc kiểm tra lại tên trường.",
    "int_type": "{label} phải là số nguyên.",
    "int_parsing": "{label} phải là số nguyên.",
    "int_from_float": "{label} phải là số nguyên, không có phần lẻ.",
    "greater_than_equal": "{label} phải lớn hơn hoặc bằng {ge}.",
    "greater_than": "{label} phải lớn hơn {gt}.",
    "less_than_equal": "{label} phải nhỏ hơn hoặc bằng {le}.",
    "less_than": "{label} phải nhỏ hơn {lt}.",
    "string_type": "{label} phải là chuỗi ký tự.",
    "string_too_long": "{label} dài quá {max_length} ký tự; hãy rút gọn.",
    "string_too_short": "{label} cần ít nhất {min_length} ký tự.",
    "nul_byte": "{label} chứa ký tự NUL (\\u0000); hãy bỏ ký tự này.",
    "bool_type": "{label} phải là true hoặc false.",
    "bool_parsing": "{label} phải là true hoặc false.",
    "list_type": "{label} phải là một danh sách (mảng JSON).",
    "too_long": "{label} có quá {max_length} phần tử.",
    "model_type": "{label} phải là một đối tượng JSON.",
    "model_attributes_type": "{label} phải là một đối tượng JSON.",
    "dict_type": "{label} phải là một đối tượng JSON.",
    "literal_error": "{label} phải là một trong: {expected}.",
    "enum": "{label} phải là một trong: {expected}.",
    "json_invalid": "Nội dung yêu cầu không phải JSON hợp lệ.",
    "value_error": "{label}: {error}",
}
FALLBACK = "{label} không hợp lệ."


def _field_type(annotation: Any) -> Optional[type[BaseModel]]:
    """The model inside `annotation` (X, Optional[X], list[X]), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _field_type(arg)
        if found is not None:
            return found
    return None


def _label(model: Optional[type[BaseModel]], loc: tuple[Any, ...]) -> str:
    label = "Nội dung yêu cầu"
    for part in loc:
        if isinstance(part, int):
            label = f"{label} (phần tử {part + 1})"
            continue
        fields = model.model_fields if model is not None else {}
        field = fields.get(str(part)) or next((f for f in fields.values() if f.alias == str(part)), None)
        label = (field.title if field is not None and field.title else f"Trường '{part}'")
        model = _field_type(field.annotation) if field is not None else None
    return label


def message_for(model: Optional[type[BaseModel]], error: dict[str, Any]) -> str:
    label = _label(model, tuple(error.get("loc") or ()))
    ctx = dict(error.get("ctx") or {})
    if error["type"] == "invalid_date":
        return str(ctx["template"]).replace("{label}", label)  # the template may quote user text with braces
    template = MESSAGES.get(error["type"], FALLBACK)
    try:
        return template.format(label=label, **ctx)
    except (KeyError, IndexError):
        return FALLBACK.format(label=label)


def field_messages(error: ValidationError) -> dict[str, str]:
    """{"field.path": "Vietnamese sentence"}: the first problem of each field."""
    model = Input.registry.get(error.title)
    details: dict[str, str] = {}
    for item in error.errors(include_url=False):
        key = ".".join(str(p) for p in item["loc"]) or "_body"
        details.setdefault(key, message_for(model, item))
    return details
