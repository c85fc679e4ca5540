"""The trust-store page for administrators (/admin/trust): the certificates signature checks
trust, adding one from a PEM/DER file, removing one after a confirmation step.

Why a page and not only the API: an office meets a new CA (a newer Viettel or BKAV
intermediate) on the day a document arrives signed under it, and its administrator is not an
API user. Every change goes through `trust.service` — one transaction with its audit entry.
The removal asks first on a page of its own (works without JavaScript): a removed root makes
every signature under it "not verified" from the next check on.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.signing.trust import service
from eoffice.signing.trust.api import MAX_CERTIFICATE_BYTES
from eoffice.signing.trust.models import TrustStoreCertificate
from eoffice.web.guard import current_actor, requires

bp = Blueprint("trust_admin", __name__, url_prefix="/admin/trust", template_folder="templates")

SOURCE_LABELS = {"seed": "Có sẵn", "admin": "Quản trị thêm"}


_COMMON_NAME = re.compile(r"Common Name: (.*?)(?:, (?:[A-Z][A-Za-z ]+): |$)")


def common_name(name: str) -> str:
    """The CN of a stored distinguished name ("Common Name: X, Organization: Y, …" as
    asn1crypto writes it): the line an administrator recognises; the full name stays below it."""
    match = _COMMON_NAME.search(name or "")
    return match.group(1) if match else name


@bp.context_processor
def labels() -> dict[str, Any]:
    return {"SOURCE_LABELS": SOURCE_LABELS, "now": datetime.now(timezone.utc), "common_name": common_name}


@bp.get("/")
@requires(service.MANAGE)
def index() -> Any:
    rows = service.list_certificates(current_actor())
    return render_template("signing/trust_admin.html", rows=rows, version=service.trust_store_version(),
                           max_kb=MAX_CERTIFICATE_BYTES // 1024)


@bp.post("/add")
@requires(service.MANAGE)
def add() -> Any:
    upload = request.files.get("certificate")
    try:
        if upload is None or not upload.filename:
            raise ServiceError("missing_file", "Hãy chọn tệp chứng thư số (.cer, .crt, .pem hoặc .der).")
        data = upload.stream.read(MAX_CERTIFICATE_BYTES + 1)
        if len(data) > MAX_CERTIFICATE_BYTES:
            raise ServiceError("too_large", f"Tệp chứng thư số quá lớn (tối đa {MAX_CERTIFICATE_BYTES // 1024} KB).")
        added = service.add_certificate(current_actor(), data)
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".index"))
    flash("Đã thêm vào danh sách tin cậy: " + "; ".join(row.subject for row in added) + ".", "success")
    return redirect(url_for(".index"))


def _active(certificate_id: int) -> TrustStoreCertificate:
    row = db.session.get(TrustStoreCertificate, certificate_id)
    if row is None or not row.active:
        abort(404)
    return row


@bp.get("/<int:certificate_id>/remove")
@requires(service.MANAGE)
def confirm_remove(certificate_id: int) -> Any:
    """The confirmation step: what goes, and what that means for signatures under it."""
    row = _active(certificate_id)
    dependants = [r for r in service.list_certificates(current_actor()) if r.id != row.id and r.issuer == row.subject]
    return render_template("signing/trust_remove.html", row=row, dependants=dependants)


@bp.post("/<int:certificate_id>/remove")
@requires(service.MANAGE)
def remove(certificate_id: int) -> Any:
    if request.form.get("confirm") != "1":
        return redirect(url_for(".confirm_remove", certificate_id=certificate_id))
    try:
        row = service.remove_certificate(current_actor(), certificate_id)
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        flash(f"Đã gỡ khỏi danh sách tin cậy: {row.subject}.", "success")
    return redirect(url_for(".index"))
