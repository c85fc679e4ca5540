"""The audit log for administrators: filter by person, action, object and date."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Any

from flask import Blueprint, flash, render_template, request
from sqlalchemy import or_, select

from eoffice.audit import labels
from eoffice.audit.models import AuditEntry
from eoffice.calendar.timezone import VN
from eoffice.dates import InvalidDate, parse_date
from eoffice.db import db
from eoffice.web.guard import requires
from eoffice.web.paging import page_number

bp = Blueprint("audit", __name__, template_folder="templates")


def audit_query(raw: Any):  # type: ignore[no-untyped-def]
    """The filtered query shared by the page and the API; InvalidDate for a date that is not one."""
    args = {key: (value.replace("\x00", "") if isinstance(value, str) else value) for key, value in dict(raw).items()}
    query = select(AuditEntry).order_by(AuditEntry.id.desc())  # unsealed entries have no seq yet
    if args.get("actor"):
        query = query.where(AuditEntry.actor_name.ilike(f"%{args['actor']}%"))
    if (action := (args.get("action") or "").strip()):
        # The Vietnamese name ("kết thúc", "ket thuc") or a code prefix ("user.").
        query = query.where(or_(AuditEntry.action.startswith(action), AuditEntry.action.in_(labels.matching_actions(action))))
    if args.get("object_type"):
        query = query.where(AuditEntry.object_type == args["object_type"])
    if args.get("object_id"):
        query = query.where(AuditEntry.object_id == args["object_id"])
    start, end = parse_date(args.get("from"), "Từ ngày"), parse_date(args.get("to"), "Đến ngày")
    if start:
        query = query.where(AuditEntry.at >= datetime.combine(start, time(), VN).astimezone(timezone.utc))
    if end:
        query = query.where(AuditEntry.at < datetime.combine(end + timedelta(days=1), time(), VN).astimezone(timezone.utc))
    return query


@bp.get("/admin/audit")
@requires("audit.view")
def log() -> Any:
    try:
        query = audit_query(request.args.to_dict())
    except InvalidDate as exc:
        flash(exc.message, "error")
        query = audit_query({})
    page = db.paginate(query, page=page_number(), per_page=50, error_out=False)
    object_types = db.session.scalars(select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)).all()
    kinds = sorted(((t, labels.object_kind_label(t)) for t in object_types), key=lambda pair: pair[1])
    return render_template("audit/log.html", page=page, views=labels.describe(page.items), object_types=kinds)
