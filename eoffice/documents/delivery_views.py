"""Pages for documents sent electronically between units: send one, and the clerk's inbox of
documents waiting to be registered (open in the registration form, or return with a reason)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from eoffice.db import db
from eoffice.documents import deliveries
from eoffice.documents.doc_types import DOCUMENT_TYPES
from eoffice.documents.models import URGENCY_LABELS
from eoffice.dates import parse_date
from eoffice.documents.views import parse_int
from eoffice.errors import ServiceError
from eoffice.org.models import Unit
from eoffice.web.guard import current_actor, requires

bp = Blueprint("incoming_deliveries", __name__, url_prefix="/incoming/deliveries", template_folder="templates")


@bp.get("/")
@requires("incoming.register")
def index() -> Any:
    return render_template("documents/deliveries.html", pending=deliveries.pending_for(current_user),
                           URGENCY_LABELS=URGENCY_LABELS)


@bp.post("/<int:delivery_id>/accept")
@requires("incoming.register")
def accept(delivery_id: int) -> Any:
    try:
        staged = deliveries.accept(current_actor(), deliveries.get_delivery(delivery_id))
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".index"))
    main, attachments = staged[0], staged[1:]
    return redirect(url_for("incoming.register_form", token=main.token, attachments=",".join(a.token for a in attachments)))


@bp.post("/<int:delivery_id>/refuse")
@requires("incoming.register")
def refuse(delivery_id: int) -> Any:
    try:
        deliveries.refuse(current_actor(), deliveries.get_delivery(delivery_id), request.form.get("reason", ""))
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        flash("Đã trả lại văn bản; nơi gửi được thông báo lý do.", "success")
    return redirect(url_for(".index"))


@bp.route("/new", methods=["GET", "POST"])
@requires("incoming.deliver")
def send() -> Any:
    units = db.session.query(Unit).filter(Unit.is_active.is_(True)).order_by(Unit.name).all()
    values = request.form.to_dict() if request.method == "POST" else {}
    if request.method == "POST":
        main = request.files.get("main")
        try:
            if main is None or not main.filename:
                raise ServiceError("missing_file", "Hãy chọn tệp PDF của văn bản.")
            data = deliveries.DeliveryInput(
                recipient_unit_id=parse_int(request.form.get("recipient_unit_id"), "Đơn vị nhận") or 0,
                subject=request.form.get("subject", ""), doc_type=request.form.get("doc_type", ""),
                code_number=request.form.get("code_number", ""), code_notation=request.form.get("code_notation", ""),
                issued_date=parse_date(request.form.get("issued_date"), "Ngày văn bản"),
                signer_name=request.form.get("signer_name", ""), signer_position=request.form.get("signer_position", ""),
                urgency=parse_int(request.form.get("urgency"), "Độ khẩn") or 0,
                attachments=[(f.stream, f.filename) for f in request.files.getlist("attachments") if f.filename],
            )
            delivery = deliveries.deliver(current_actor(), data, (main.stream, main.filename))
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash(f"Đã gửi văn bản tới {delivery.recipient_unit.name}; văn thư đơn vị nhận sẽ vào sổ.", "success")
            return redirect(url_for(".send"))
    return render_template("documents/delivery_form.html", units=units, doc_types=DOCUMENT_TYPES,
                           urgencies=URGENCY_LABELS, values=values), (200 if request.method == "GET" else 400)
