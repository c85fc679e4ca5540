"""The procedure catalogue: procedures are data, created on the admin page or imported from a
JSON or CSV file (a changed decree changes rows, not code)."""
from __future__ import annotations

import csv
import io
import json
from importlib.resources import files
from typing import Any, Optional

from pydantic import ValidationError
from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.api.validation import message_for
from eoffice.audit import service as audit
from eoffice.auth.permissions import authorize
from eoffice.db import db, get_or_not_found
from eoffice.errors import ServiceError
from eoffice.onestop.models import Procedure
from eoffice.onestop.schemas import ProcedureIn
from eoffice.work.unit_of_work import operation

MAX_IMPORT_BYTES = 2 * 1024 * 1024
CSV_LIST_COLUMNS = ("components", "steps")


def list_procedures(active_only: bool = True) -> list[Procedure]:
    """The catalogue, by field then name (public: no permission needed to read it)."""
    query = select(Procedure).order_by(Procedure.field, Procedure.name)
    if active_only:
        query = query.where(Procedure.is_active.is_(True))
    return list(db.session.scalars(query))


def get_procedure(procedure_id: int) -> Procedure:
    return get_or_not_found(Procedure, procedure_id, "Thủ tục hành chính")


def _apply(procedure: Procedure, data: ProcedureIn) -> None:
    if not data.steps:
        raise ServiceError("no_steps", f"Thủ tục {data.code} chưa có bước xử lý nào; hãy khai báo ít nhất một bước.")
    values = data.model_dump()
    for key, value in values.items():
        setattr(procedure, key, value)


def _save(data: ProcedureIn) -> tuple[Procedure, bool]:
    procedure = db.session.scalar(select(Procedure).where(Procedure.code == data.code))
    created = procedure is None
    if procedure is None:
        procedure = Procedure()
        db.session.add(procedure)
    _apply(procedure, data)
    db.session.flush()
    return procedure, created


@operation
def save_procedure(actor: Actor, data: ProcedureIn) -> Procedure:
    """Create the procedure with this code, or update it."""
    authorize(actor, "onestop.catalogue.manage")
    procedure, created = _save(data)
    audit.record(actor, "onestop.procedure_created" if created else "onestop.procedure_updated", "procedure",
                 procedure.id, {"code": procedure.code})
    return procedure


def parse_catalogue(raw: bytes, filename: str) -> list[ProcedureIn]:
    """Read a JSON (a list of procedures) or CSV file (one procedure a row; `components` and
    `steps` cells hold JSON lists) into checked inputs; every bad row is named at once."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise ServiceError("import_too_large", "Tệp danh mục lớn hơn 2 MB; hãy chia thành nhiều tệp.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError("import_encoding", "Tệp danh mục phải mã hóa UTF-8.") from None
    rows: list[Any]
    if filename.lower().endswith(".json"):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ServiceError("import_invalid", f"Tệp JSON không hợp lệ (dòng {exc.lineno}): {exc.msg}.") from None
        if not isinstance(rows, list):
            raise ServiceError("import_invalid", "Tệp JSON phải là một danh sách các thủ tục.")
    elif filename.lower().endswith(".csv"):
        rows = []
        for row in csv.DictReader(io.StringIO(text)):
            item: dict[str, Any] = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            for column in CSV_LIST_COLUMNS:
                try:
                    item[column] = json.loads(item.get(column) or "[]")
                except json.JSONDecodeError:
                    item[column] = "không phải JSON"
            item["calendar_days"] = item.get("calendar_days", "").lower() in ("1", "true", "có", "x")
            item.setdefault("is_active", True)
            rows.append(item)
    else:
        raise ServiceError("import_type", "Chỉ nhận tệp .json hoặc .csv.")
    problems: list[str] = []
    parsed: list[ProcedureIn] = []
    for number, row in enumerate(rows, start=1):
        try:
            parsed.append(ProcedureIn.model_validate(row))
        except ValidationError as exc:
            details = "; ".join(message_for(ProcedureIn, error) for error in exc.errors())
            problems.append(f"Thủ tục thứ {number}: {details}")
    if problems:
        raise ServiceError("import_invalid", "Không nhập được danh mục, chưa có gì thay đổi. " + " | ".join(problems))
    if not parsed:
        raise ServiceError("import_empty", "Tệp danh mục không có thủ tục nào.")
    return parsed


@operation
def import_catalogue(actor: Actor, raw: bytes, filename: str) -> dict[str, int]:
    """All the file's procedures, or none: created or updated by code."""
    authorize(actor, "onestop.catalogue.manage")
    counts = {"created": 0, "updated": 0}
    for data in parse_catalogue(raw, filename):
        _, created = _save(data)
        counts["created" if created else "updated"] += 1
    audit.record(actor, "onestop.catalogue_imported", "procedure", "", {"file": filename[:100], **counts})
    return counts


def demo_catalogue_bytes() -> bytes:
    return files("eoffice.onestop").joinpath("data/procedures.json").read_bytes()


def load_demo_catalogue(actor: Optional[Actor] = None) -> dict[str, int]:
    return import_catalogue(actor or Actor.operator("dữ liệu mẫu"), demo_catalogue_bytes(), "procedures.json")
