"""The audit log for administrators: filter by person, action, object and date."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Optional
from zoneinfo import ZoneInfo

from flask import Blueprint, render_template, request
from sqlalchemy import or_, select

from eoffice.audit import labels
from eoffice.audit.models import AuditEntry
from eoffice.db import db
from eoffice.web.guard import requires

bp = Blueprint("audit", __name__, template_folder="templates")
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _parse_day(value: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def audit_query(args: Any):  # type: ignore[no-untyped-def]
    """The filtered query shared by the page and the API."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if args.get("actor"):
        query = query.where(AuditEntry.actor_name.ilike(f"%{args['actor']}%"))
    if (action := (args.get("action") or "").strip()):
        # The Vietnamese name ("kết thúc", "ket thuc") or a code prefix ("user.").
        query = query.where(or_(AuditEntry.action.startswith(action), AuditEntry.action.in_(labels.matching_actions(action))))
    if args.get("object_type"):
        query = query.where(AuditEntry.object_type == args["object_type"])
    if args.get("object_id"):
        query = query.where(AuditEntry.object_id == args["object_id"])
    start, end = _parse_day(args.get("from")), _parse_day(args.get("to"))
    if start:
        query = query.where(AuditEntry.at >= datetime.combine(start, time(), VN).astimezone(timezone.utc))
    if end:
        query = query.where(AuditEntry.at < datetime.combine(end + timedelta(days=1), time(), VN).astimezone(timezone.utc))
    return query


@bp.get("/admin/audit")
@requires("audit.view")
def log() -> Any:
    page = db.paginate(audit_query(request.args), page=request.args.get("page", 1, type=int), per_page=50, error_out=False)
    object_types = db.session.scalars(select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)).all()
    kinds = sorted(((t, labels.object_kind_label(t)) for t in object_types), key=lambda pair: pair[1])
    return render_template("audit/log.html", page=page, views=labels.describe(page.items), object_types=kinds)
