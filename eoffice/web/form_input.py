"""A posted HTML form read into a service's input, with a message beside each field.

A failed submission must lose nothing: the page is rendered again (status 400) with what was
typed and every error next to the field it concerns, the way the registration form keeps its
values. One reader serves every form: it parses text, numbers, days and lists, collects a
message per field instead of stopping at the first, and places a service's `ServiceError` on
the field its code names (or on the form as a whole when no field fits).
"""
from __future__ import annotations

import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Mapping, Optional, Sequence, TypeVar, Union

from markupsafe import Markup, escape
from pydantic import BaseModel, ValidationError
from werkzeug.datastructures import MultiDict

from eoffice.api.validation import message_for
from eoffice.dates import FORMATS as DATE_FORMATS
from eoffice.dates import InvalidDate, parse_date
from eoffice.db import DB_INT_MAX
from eoffice.errors import ServiceError

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
FORM = ""  # the key of errors that belong to the form as a whole


@dataclass
class FormState:
    """What one form on a page shows: the typed values and the messages per field.

    A blank state (nothing submitted) gives every field its default, so templates read
    `f.value('name', default)` the same way on first display and after a failed submission.
    """

    form_id: str
    values: MultiDict = field(default_factory=MultiDict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    kept_files: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (staged token, file name)
    submitted: bool = False

    def value(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, "") if self.submitted else default

    def chosen(self, name: str, value: Any, default: bool = False) -> bool:
        """Whether a checkbox, radio or option `value` of `name` is picked."""
        if not self.submitted:
            return default
        return str(value) in self.values.getlist(name)

    def messages(self, name: str) -> list[str]:
        return self.errors.get(name, [])

    def invalid(self, name: str) -> str:
        """The class to add to the field's wrapper."""
        return " has-error" if name in self.errors else ""

    def aria(self, name: str) -> Markup:
        """Attributes for the input: invalid, described by its message, focused first."""
        if name not in self.errors:
            return Markup("")
        first = next(iter(k for k in self.errors if k != FORM), None) == name
        return Markup(f' aria-invalid="true" aria-describedby="{escape(self.error_id(name))}"{" autofocus" if first else ""}')

    def error_id(self, name: str) -> str:
        return f"{self.form_id}-{name or 'form'}-error"

    def show(self, name: str = FORM) -> Markup:
        """The messages for `name` (or for the whole form), to place right after the field."""
        messages = self.errors.get(name, [])
        if not messages:
            return Markup("")
        text = "".join(f"<p class=\"field-error\">{escape(m)}</p>" for m in messages)
        role = ' role="alert"' if name == FORM else ""
        return Markup(f'<div id="{escape(self.error_id(name))}"{role}>{text}</div>')

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)


class PageForms:
    """All forms of one page; only the submitted one (if any) carries values and errors."""

    def __init__(self, submitted: Optional[FormState] = None) -> None:
        self.submitted = submitted

    def get(self, form_id: str) -> FormState:
        if self.submitted is not None and self.submitted.form_id == form_id:
            return self.submitted
        return FormState(form_id)


class FormReader:
    """Reads one posted form field by field, noting a Vietnamese message for each bad value."""

    def __init__(self, form_id: str, form: Mapping[str, Any]) -> None:
        self.state = FormState(form_id, MultiDict(form), {}, {}, submitted=True)

    def fail(self, name: str, message: str) -> None:
        self.state.errors.setdefault(name, []).append(message)

    def text(self, name: str) -> str:
        return self.state.values.get(name, "")

    def integer(self, name: str, label: str) -> Optional[int]:
        raw = self.text(name).strip()
        if not raw:
            return None
        try:
            number = int(raw)
        except ValueError:
            self.fail(name, f"{label} phải là số.")
            return None
        if not -DB_INT_MAX <= number <= DB_INT_MAX:
            self.fail(name, f"{label} {raw} quá lớn; hãy chọn lại từ danh sách.")
            return None
        return number

    def integers(self, name: str, label: str) -> list[int]:
        numbers = []
        for raw in self.state.values.getlist(name):
            if raw.strip().isdigit() and int(raw) > DB_INT_MAX:
                self.fail(name, f"{label}: giá trị {raw.strip()} quá lớn; hãy chọn lại trong danh sách.")
            elif raw.strip().isdigit():
                numbers.append(int(raw))
            elif raw.strip():
                self.fail(name, f"{label}: giá trị '{raw}' không hợp lệ; hãy chọn lại trong danh sách.")
        return numbers

    def day(self, name: str, label: str) -> Optional[date]:
        try:
            return parse_date(self.text(name), label)
        except InvalidDate as exc:
            self.fail(name, exc.message)
            return None

    def model(self, model: type[M], **fixed: Any) -> Optional[M]:
        """The form read into the operation's typed model (the one the API validates too).

        Blank fields take the model's default; `fixed` gives what does not come from the
        form's own fields (a token in the URL, a checkbox's meaning). Every field that does not
        fit gets its Vietnamese message, as the API's 422 would say it.
        """
        values: dict[str, Any] = {}
        for name, info in model.model_fields.items():
            key = info.alias or name
            if typing.get_origin(info.annotation) is list:
                values[key] = [v for v in self.state.values.getlist(key) if v.strip()]
            elif self.text(key).strip():
                values[key] = self.text(key)
        try:
            return model.model_validate({**values, **fixed})
        except ValidationError as exc:
            for error in exc.errors():
                loc = error.get("loc") or (FORM,)
                self.fail(str(loc[0]), message_for(model, dict(error)))
            return None

    def keep_file(self, name: str, token: str, filename: str) -> None:
        """A file already stored for this form: offered again instead of asking to re-upload."""
        self.state.kept_files[name] = (token, filename)

    def place(self, exc: ServiceError, fields: Mapping[str, Union[str, Sequence[str]]]) -> None:
        """Put a service's error on the field its code names.

        When a code could concern several fields (two deadlines), the field whose typed value
        the message quotes is chosen, else the first one.
        """
        target = fields.get(exc.code, FORM)
        if not isinstance(target, str):
            candidates = list(target)
            quoted = [n for n in candidates if _quoted(self.text(n), exc.message)]
            target = (quoted or candidates or [FORM])[0]
        self.fail(target, exc.message)


def _quoted(raw: str, message: str) -> bool:
    raw = raw.strip()
    if not raw:
        return False
    for fmt in DATE_FORMATS:
        try:
            return f"{datetime.strptime(raw, fmt):%d/%m/%Y}" in message
        except ValueError:
            continue
    return raw in message


def submit(
    reader: FormReader,
    build: Callable[[FormReader], T],
    call: Callable[[T], Any],
    fields: Mapping[str, Union[str, Sequence[str]]],
    on_error: Callable[[], None],
) -> Optional[FormState]:
    """Form → service input → service call. Returns None when done, else the state to re-render.

    `build` turns the form into the service's input (noting bad values on the reader); the
    service runs only when every field parsed. A `ServiceError` is rolled back by `on_error`
    and placed on its field.
    """
    data = build(reader)
    if reader.state.has_errors:
        return reader.state
    try:
        call(data)
    except ServiceError as exc:
        on_error()
        reader.place(exc, fields)
        return reader.state
    return None
