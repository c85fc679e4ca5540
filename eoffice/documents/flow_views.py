"""Pages for the steps around steering: presenting a document registered without a leader,
a chairperson passing it to another leader, and the clerk correcting its details."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from eoffice.auth.permissions import can, require
from eoffice.db import db
from eoffice.documents import corrections, submission
from eoffice.documents.schemas import CorrectionIn
from eoffice.documents.views import _document, _submit, labels
from eoffice.errors import ServiceError
from eoffice.web.form_input import FormReader
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
    response = _submit(doc, "refer", "Đã chuyển văn bản cho lãnh đạo khác cho ý kiến.",
                       lambda form: (form.integer("leader_id", "Lãnh đạo"), form.text("note")),
                       lambda data: submission.refer_to_leader(current_actor(), doc, data[0], data[1]),
                       {})
    # A confidential document is readable only by the leader it is now presented to.
    if response.status_code == 302 and not can(current_user, "incoming.view", doc):
        return redirect(url_for("incoming.index", tab="cho_chi_dao"))
    return response


def _correction_from_form(doc: Any) -> corrections.CorrectionInput:
    """The posted form read through the API's CorrectionIn: a field left blank clears it."""
    reader = FormReader("correct", request.form)
    data = reader.model(CorrectionIn)
    if data is None:
        raise ServiceError("invalid_form", " ".join(m for ms in reader.state.errors.values() for m in ms))
    blanked = {name: None for name in CorrectionIn.model_fields if name in request.form and not request.form[name].strip()}
    return corrections.with_changes(doc, {**blanked, **data.sent()})


@bp.route("/<int:doc_id>/edit", methods=["GET", "POST"])
@requires("incoming.correct")
def edit(doc_id: int) -> Any:
    """Sửa thông tin: the register's clerks correct a registered document's details."""
    doc = _document(doc_id)
    require(current_user, "incoming.correct", doc, "Chỉ văn thư của đơn vị giữ sổ mới sửa được thông tin văn bản này.")
    values: Any = corrections.current_values(doc)
    if request.method == "POST":
        try:
            values = _correction_from_form(doc)
            changed = corrections.correct_document(current_actor(), doc, values)
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return render_template("documents/correct.html", doc=doc, values=request.form.to_dict()), 400
        flash(f"Đã sửa thông tin văn bản ({', '.join(changed)}).", "success")
        return redirect(url_for("incoming.detail", doc_id=doc.id))
    shown = {k: (v.isoformat() if hasattr(v, "isoformat") else ("" if v is None else v)) for k, v in vars(values).items()}
    return render_template("documents/correct.html", doc=doc, values=shown)

