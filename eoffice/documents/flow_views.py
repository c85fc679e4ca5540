"""Pages for the steps around steering: presenting a document registered without a leader,
a chairperson passing it to another leader, and the clerk correcting its details."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from eoffice.auth.permissions import can, require
from eoffice.db import db
from eoffice.documents import corrections, submission
from eoffice.documents.views import _document, _submit, labels, parse_date, parse_int
from eoffice.errors import ServiceError
from eoffice.web.guard import current_actor, requires

bp = Blueprint("incoming_flow", __name__, url_prefix="/incoming", template_folder="templates")
bp.context_processor(labels)


@bp.post("/<int:doc_id>/submit")
@requires("incoming.submit")
def submit(doc_id: int) -> Any:
    doc = _document(doc_id)
    return _submit(doc, "submit", "Đã trình lãnh đạo.",
                   lambda form: (form.integer("leader_id", "Lãnh đạo"), form.text("note")),
                   lambda data: submission.submit(current_actor(), doc, data[0], data[1]), {})


@bp.post("/<int:doc_id>/refer")
@requires("incoming.refer")
def refer(doc_id: int) -> Any:
    doc = _document(doc_id)
    try:
        leader_id = parse_int(request.form.get("leader_id"), "Lãnh đạo")
        submission.refer_to_leader(current_actor(), doc, leader_id, request.form.get("note", ""))
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("incoming.detail", doc_id=doc_id))
    flash("Đã chuyển văn bản cho lãnh đạo khác cho ý kiến.", "success")
    # A confidential document is readable only by the leader it is now presented to.
    if can(current_user, "incoming.view", doc):
        return redirect(url_for("incoming.detail", doc_id=doc_id))
    return redirect(url_for("incoming.index", tab="cho_chi_dao"))


def _correction_from_form() -> corrections.CorrectionInput:
    form = request.form
    return corrections.CorrectionInput(
        issuer_name=form.get("issuer_name", ""), issuer_code=form.get("issuer_code", ""),
        doc_type=form.get("doc_type", ""), subject=form.get("subject", ""),
        code_number=form.get("code_number", ""), code_notation=form.get("code_notation", ""),
        issued_date=parse_date(form.get("issued_date"), "Ngày văn bản"),
        signer_name=form.get("signer_name", ""), signer_position=form.get("signer_position", ""),
        urgency=parse_int(form.get("urgency"), "Độ khẩn") or 0, secrecy=parse_int(form.get("secrecy"), "Độ mật") or 0,
        page_count=parse_int(form.get("page_count"), "Số trang"), notes=form.get("notes", ""),
        channel=form.get("channel", "paper"),
    )


@bp.route("/<int:doc_id>/edit", methods=["GET", "POST"])
@requires("incoming.correct")
def edit(doc_id: int) -> Any:
    """Sửa thông tin: the register's clerks correct a registered document's details."""
    doc = _document(doc_id)
    require(current_user, "incoming.correct", doc, "Chỉ văn thư của đơn vị giữ sổ mới sửa được thông tin văn bản này.")
    values: Any = corrections.current_values(doc)
    if request.method == "POST":
        try:
            values = _correction_from_form()
            changed = corrections.correct_document(current_actor(), doc, values)
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return render_template("documents/correct.html", doc=doc, values=request.form.to_dict()), 400
        flash(f"Đã sửa thông tin văn bản ({', '.join(changed)}).", "success")
        return redirect(url_for("incoming.detail", doc_id=doc.id))
    shown = {k: (v.isoformat() if hasattr(v, "isoformat") else ("" if v is None else v)) for k, v in vars(values).items()}
    return render_template("documents/correct.html", doc=doc, values=shown)

