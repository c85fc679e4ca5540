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
from eoffice.documents.schemas import DeliveryMetadata
from eoffice.errors import ServiceError
from eoffice.org.models import Unit
from eoffice.web.form_input import FormReader
from eoffice.web.guard import current_actor, requires

bp = Blueprint("incoming_deliveries", __name__, url_prefix="/incoming/deliveries", template_folder="templates")


@bp.get("/")
@requires("incoming.register")
def index() -> Any:
    return render_template("documents/deliveries.html", pending=deliveries.pending_for(current_user),
                           URGENCY_LABELS=URGENCY_LABELS, my_units=_my_units())


def _my_units() -> list[Unit]:
    from eoffice.auth.principals import clerk_units

    ids = clerk_units(current_user)
    return db.session.query(Unit).filter(Unit.id.in_(ids or {-1}), Unit.is_active.is_(True)).order_by(Unit.name).all()


@bp.post("/edxml")
@requires("incoming.register")
def receive_package() -> Any:
    """A clerk takes in an edXML package another agency sent (a file from the exchange software)."""
    from eoffice.exchange import inbound

    upload = request.files.get("package")
    if upload is None or not upload.filename:
        flash("Hãy chọn tệp gói tin edXML (.edxml hoặc .xml) cần tiếp nhận.", "error")
        return redirect(url_for(".index"))
    unit_id = request.form.get("unit_id", "")
    try:
        delivery = inbound.receive(current_actor(), upload.stream.read(), int(unit_id) if unit_id.isdigit() else None)
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        flash(f"Đã tiếp nhận gói tin từ {delivery.sender_name}; văn bản chờ vào sổ bên dưới.", "success")
    return redirect(url_for(".index"))


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
            reader = FormReader("delivery", request.form)
            meta = reader.model(DeliveryMetadata)
            if meta is None:
                raise ServiceError("invalid_form", " ".join(m for ms in reader.state.errors.values() for m in ms))
            data = meta.to_input([(f.stream, f.filename) for f in request.files.getlist("attachments") if f.filename])
            delivery = deliveries.deliver(current_actor(), data, (main.stream, main.filename))
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash(f"Đã gửi văn bản tới {delivery.recipient_unit.name}; văn thư đơn vị nhận sẽ vào sổ.", "success")
            return redirect(url_for(".send"))
    return render_template("documents/delivery_form.html", units=units, doc_types=DOCUMENT_TYPES,
                           urgencies=URGENCY_LABELS, values=values), (200 if request.method == "GET" else 400)
