"""Values made ready for JSON (a JSON column, an API answer): dates as ISO 8601, dataclasses as
objects. Flask's own encoder writes dates as HTTP dates, which Vietnamese clients misread."""
from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any


def json_ready(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return json_ready(asdict(value))
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value
