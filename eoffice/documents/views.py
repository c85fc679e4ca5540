"""Pages for incoming documents: queues, registration, the document page with its actions,
the printable processing slip, registers, file downloads."""
from __future__ import annotations

from typing import Any, Callable, Optional

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from eoffice.auth.permissions import can, require
from eoffice.backends import blob_store
from eoffice.db import db
from eoffice.documents import deliveries, processing, queries, registration, routing
from eoffice.documents.doc_types import DOCUMENT_TYPES
from eoffice.documents.models import (
    ASSIGNMENT_ROLE_LABELS, ASSIGNMENT_STATUS_LABELS, CHANNEL_LABELS, EVENT_LABELS, SECRECY_LABELS,
    STATUS_LABELS, URGENCY_LABELS, DocumentFile, StagedUpload,
)
from eoffice.documents.uploads import stage_upload
from eoffice.dates import parse_date
from eoffice.errors import ServiceError
from eoffice.web.guard import current_actor, requires
from eoffice.web.paging import page_number

bp = Blueprint("incoming", __name__, url_prefix="/incoming", template_folder="templates")


@bp.context_processor
def labels() -> dict[str, Any]:
    return {
        "URGENCY_LABELS": URGENCY_LABELS, "SECRECY_LABELS": SECRECY_LABELS, "STATUS_LABELS": STATUS_LABELS,
        "ROLE_LABELS": ASSIGNMENT_ROLE_LABELS, "ASSIGNMENT_STATUS_LABELS": ASSIGNMENT_STATUS_LABELS,
        "EVENT_LABELS": EVENT_LABELS, "CHANNEL_LABELS": CHANNEL_LABELS, "DOCUMENT_TYPES": DOCUMENT_TYPES,
        "TABS": queries.TABS,
    }


DB_INT_MAX = 2**31 - 1


def parse_int(value: Optional[str], label: str) -> Optional[int]:
    """A number from a form field, within the database's integer range (else PostgreSQL fails)."""
    if value in (None, ""):
        return None
    try:
        number = int(value)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ServiceError("invalid_number", f"{label} phải là số.") from exc
    if not -DB_INT_MAX <= number <= DB_INT_MAX:
        raise ServiceError("invalid_number", f"{label} {value} quá lớn; hãy chọn lại từ danh sách.")
    return number


def _back(default: str) -> Any:
    target = request.form.get("next") or default
    return redirect(target if target.startswith("/") and not target.startswith("//") else default)


# --- Queues ----------------------------------------------------------------------------------
@bp.get("/", strict_slashes=False)  # /incoming?q=… answers here, not with a 308 copying the query
@requires("incoming.work")
def index() -> Any:
    tabs = queries.tabs_for(current_user)
    tab = request.args.get("tab") or tabs[0]
    if tab not in tabs:
        abort(404)
    try:
        filters = queries.Filters(
            q=request.args.get("q", "").replace("\x00", ""), doc_type=request.args.get("doc_type", "").replace("\x00", ""),
            urgency=parse_int(request.args.get("urgency"), "Độ khẩn"), status=request.args.get("status", "").replace("\x00", ""),
            date_from=parse_date(request.args.get("from"), "Từ ngày"), date_to=parse_date(request.args.get("to"), "Đến ngày"),
            sort=request.args.get("sort", "deadline"),
        )
    except ServiceError as exc:
        flash(exc.message, "error")
        filters = queries.Filters()
    per_page = min(max(request.args.get("per_page", 25, type=int) or 25, 5), 100)
    pagination, rows = queries.listing(current_user, tab, filters, page=page_number(), per_page=per_page)
    from eoffice.calendar import service as calendar

    return render_template(
        "documents/index.html", tab=tab, tabs=tabs, counts=queries.counts(current_user), page=pagination, rows=rows,
        filters=filters, timeliness=calendar.timeliness_label, now=calendar.now(),
    )


# --- Registration --------------------------------------------------------------------------
@bp.route("/new", methods=["GET", "POST"])
@requires("incoming.register")
def upload() -> Any:
    registers = registration.registers_for(current_user)
    if not registers:
        flash("Đơn vị của bạn chưa có sổ văn bản đến. Nhờ quản trị tạo sổ trước khi vào sổ.", "error")
    if request.method == "POST":
        main = request.files.get("main")
        if main is None or not main.filename:
            flash("Hãy chọn tệp văn bản (PDF) để tải lên.", "error")
            return render_template("documents/upload.html"), 400
        try:
            staged = stage_upload(current_actor(), main.stream, main.filename, main_document=True)
            extra = [
                stage_upload(current_actor(), f.stream, f.filename, main_document=False).token
                for f in request.files.getlist("attachments") if f and f.filename
            ]
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return render_template("documents/upload.html"), 400
        return redirect(url_for("incoming.register_form", token=staged.token, attachments=",".join(extra)))
    return render_template("documents/upload.html")


def _staged(token: str) -> StagedUpload:
    staged = db.session.query(StagedUpload).filter_by(token=token, user_id=current_user.id).one_or_none()
    if staged is None:
        flash("Tệp đã tải lên không còn (quá 24 giờ hoặc đã dùng). Hãy tải tệp lên lại.", "error")
        abort(redirect(url_for("incoming.upload")))
    return staged


def _prefill(staged: StagedUpload) -> dict[str, Any]:
    if staged.delivery_id is not None:  # sent by another unit: what the sender said comes first
        return deliveries.prefill(deliveries.get_delivery(staged.delivery_id))
    hints = (staged.inspection or {}).get("hints") or {}
    values = {
        "issuer_name": hints.get("issuer") or "",
        "code_number": str(hints.get("number") or ""),
        "code_notation": hints.get("notation") or "",
        "issued_date": hints.get("issued_date") or "",
        "doc_type": hints.get("doc_type_code") or "",
        "subject": hints.get("subject") or "",
        "signer_name": hints.get("signer_name") or "",
        "signer_position": hints.get("signer_position") or "",
        "page_count": (staged.inspection or {}).get("page_count") or "",
        "urgency": hints.get("urgency") or 0,
        "channel": "electronic" if (staged.inspection or {}).get("signatures") else "paper",
    }
    return {k: v for k, v in values.items()}


@bp.route("/new/<token>", methods=["GET", "POST"])
@requires("incoming.register")
def register_form(token: str) -> Any:
    staged = _staged(token)
    registers = registration.registers_for(current_user)
    leaders = _leaders()
    attachments = [t for t in (request.values.get("attachments") or "").split(",") if t]
    values = _prefill(staged) if request.method == "GET" else request.form.to_dict()
    duplicates: list[Any] = []
    if request.method == "POST":
        try:
            data = registration.RegistrationInput(
                register_id=parse_int(request.form.get("register_id"), "Sổ") or 0,
                issuer_name=request.form.get("issuer_name", ""), issuer_code=request.form.get("issuer_code", ""),
                doc_type=request.form.get("doc_type", ""), subject=request.form.get("subject", ""),
                code_number=request.form.get("code_number", ""), code_notation=request.form.get("code_notation", ""),
                issued_date=parse_date(request.form.get("issued_date"), "Ngày văn bản"),
                signer_name=request.form.get("signer_name", ""), signer_position=request.form.get("signer_position", ""),
                urgency=parse_int(request.form.get("urgency"), "Độ khẩn") or 0,
                secrecy=parse_int(request.form.get("secrecy"), "Độ mật") or 0,
                page_count=parse_int(request.form.get("page_count"), "Số trang"),
                deadline=parse_date(request.form.get("deadline"), "Hạn xử lý"),
                notes=request.form.get("notes", ""), channel=request.form.get("channel", "paper"),
                submitted_to_id=parse_int(request.form.get("submitted_to_id"), "Lãnh đạo"),
                main_token=token, attachment_tokens=attachments,
                confirm_duplicate=request.form.get("confirm_duplicate") == "1",
            )
            doc = registration.register_document(current_actor(), data)
        except registration.DuplicateSuspected as exc:
            db.session.rollback()
            duplicates = exc.matches
            flash(exc.message, "warning")
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash(f"Đã vào sổ: số đến {doc.arrival_number}/{doc.year}.", "success")
            return redirect(url_for("incoming.detail", doc_id=doc.id))
    return render_template(
        "documents/register_form.html", staged=staged, registers=registers, leaders=leaders, values=values,
        attachments=",".join(attachments), duplicates=duplicates,
    ), (200 if request.method == "GET" else 400)


def _leaders() -> list[Any]:
    from sqlalchemy import select

    from eoffice.auth.models import RoleGrant, User
    from eoffice.auth.roles import Role

    return list(db.session.scalars(
        select(User).where(User.is_enabled.is_(True), User.role_grants.any(RoleGrant.role.in_([Role.CHAIR.value, Role.OFFICE_CHIEF.value])))
        .order_by(User.full_name)
    ))


# --- The document page -------------------------------------------------------------------------
def _document(doc_id: int):  # type: ignore[no-untyped-def]
    doc = routing.get_document(doc_id)
    require(current_user, "incoming.view", doc)
    return doc


@bp.get("/<int:doc_id>")
@requires("incoming.work")
def detail(doc_id: int) -> Any:
    doc = _document(doc_id)
    for assignment in doc.assignments:
        if assignment.is_open and assignment.opened_at is None and can(current_user, "incoming.handle", assignment):
            routing.open_assignment(current_actor(), assignment)
    from eoffice.calendar import service as calendar
    from eoffice.org import service as org

    return render_template(
        "documents/detail.html", doc=doc, units=[(d, u) for d, u in org.tree() if u.is_active],
        leaders=_leaders(), members=_unit_members, timeliness=calendar.timeliness_label, now=calendar.now(),
    )


def _unit_members(unit_id: int) -> list[Any]:
    from sqlalchemy import select

    from eoffice.auth.models import Membership, User

    return list(db.session.scalars(
        select(User).join(Membership).where(Membership.unit_id == unit_id, User.is_enabled.is_(True)).order_by(User.full_name)
    ))


@bp.get("/<int:doc_id>/slip")
@requires("incoming.work")
def slip(doc_id: int) -> Any:
    """Phiếu giải quyết văn bản đến: the whole processing history, printable."""
    return render_template("documents/slip.html", doc=_document(doc_id))


@bp.get("/files/<int:file_id>")
@requires("incoming.work")
def download(file_id: int) -> Any:
    return file_response(file_id)


def file_response(file_id: int) -> Response:
    """Stream one stored file to a caller who may see its document (the page and the API)."""
    record = db.session.get(DocumentFile, file_id)
    if record is None:
        abort(404)
    require(current_user, "incoming.view", record.document)
    store, sha256 = blob_store(), record.sha256

    def chunks():  # type: ignore[no-untyped-def]
        # Needs no request context: the file is streamed after the view has returned.
        with store.open(sha256) as stream:
            while chunk := stream.read(256 * 1024):
                yield chunk

    from urllib.parse import quote

    disposition = "inline" if record.content_type == "application/pdf" else "attachment"
    return Response(
        chunks(), mimetype=record.content_type,
        headers={"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(record.filename)}",
                 "Content-Length": str(record.size)},
    )


# --- Actions ----------------------------------------------------------------------------------
def _act(doc_id: int, success: str, call: Callable[[], Any]) -> Any:
    """Run one service call for a form; flash its Vietnamese error or `success`, go back."""
    try:
        call()
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        flash(success, "success")
    return _back(url_for("incoming.detail", doc_id=doc_id))


def _unit_targets(prefix: str) -> list[routing.UnitTarget]:
    targets = []
    for raw in request.form.getlist(f"{prefix}_unit"):
        unit_id = parse_int(raw, "Đơn vị")
        if unit_id:
            day = request.form.get(f"{prefix}_deadline_{unit_id}") or request.form.get(f"{prefix}_deadline")
            targets.append(routing.UnitTarget(unit_id, parse_date(day, "Hạn xử lý")))
    return targets


def _form_file() -> tuple[Any, str]:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return None, ""
    return upload.stream, upload.filename


@bp.post("/<int:doc_id>/route")
@requires("incoming.route")
def route(doc_id: int) -> Any:
    def call() -> None:
        lead = _unit_targets("lead")
        steering = routing.SteeringInput(
            opinion=request.form.get("opinion", ""), lead=lead[0] if lead else None, coordinate=_unit_targets("coordinate"),
            inform_units=[n for u in request.form.getlist("inform_unit") if (n := parse_int(u, "Đơn vị để biết"))],
            inform_users=[n for u in request.form.getlist("inform_user") if (n := parse_int(u, "Người để biết"))],
        )
        routing.route(current_actor(), _document(doc_id), steering)

    return _act(doc_id, "Đã cho ý kiến chỉ đạo và chuyển văn bản.", call)


@bp.post("/<int:doc_id>/propose")
@requires("incoming.propose")
def propose(doc_id: int) -> Any:
    def call() -> None:
        leader_id = parse_int(request.form.get("leader_id"), "Lãnh đạo") or 0
        routing.propose(current_actor(), _document(doc_id), request.form.get("opinion", ""), leader_id)

    return _act(doc_id, "Đã trình lãnh đạo kèm ý kiến đề xuất.", call)


@bp.post("/<int:doc_id>/comment")
@requires("incoming.work")
def comment(doc_id: int) -> Any:
    def call() -> None:
        stream, filename = _form_file()
        processing.upload_and_comment(current_actor(), _document(doc_id), request.form.get("text", ""), stream, filename)

    return _act(doc_id, "Đã ghi ý kiến.", call)


@bp.post("/<int:doc_id>/reply")
@requires("incoming.work")
def propose_reply(doc_id: int) -> Any:
    def call() -> None:
        doc = _document(doc_id)
        stream, filename = _form_file()
        token = stage_upload(current_actor(), stream, filename, main_document=False).token if stream else ""
        processing.propose_reply(current_actor(), doc, request.form.get("summary", ""), token)

    return _act(doc_id, "Đã đề xuất dự thảo văn bản trả lời.", call)


@bp.post("/<int:doc_id>/close")
@requires("incoming.close")
def close(doc_id: int) -> Any:
    return _act(doc_id, "Đã kết thúc xử lý văn bản.",
                lambda: processing.close_document(current_actor(), _document(doc_id), request.form.get("result", "")))


def _on_assignment(assignment_id: int, success: str, call: Callable[[Any], Any]) -> Any:
    assignment = routing.get_assignment(assignment_id)
    require(current_user, "incoming.view", assignment.document)
    return _act(assignment.document_id, success, lambda: call(assignment))


@bp.post("/assignments/<int:assignment_id>/assign")
@requires("incoming.assign")
def assign(assignment_id: int) -> Any:
    def call(assignment: Any) -> None:
        user_id = parse_int(request.form.get("user_id"), "Cán bộ") or 0
        deadline = parse_date(request.form.get("deadline"), "Hạn xử lý")
        routing.assign_handler(current_actor(), assignment, user_id, deadline, request.form.get("instruction", ""))

    return _on_assignment(assignment_id, "Đã phân công xử lý.", call)


@bp.post("/assignments/<int:assignment_id>/complete")
@requires("incoming.work")
def complete(assignment_id: int) -> Any:
    return _on_assignment(assignment_id, "Đã hoàn thành phần việc.",
                          lambda a: processing.complete_assignment(current_actor(), a, request.form.get("result", "")))


@bp.post("/assignments/<int:assignment_id>/return")
@requires("incoming.work")
def give_back(assignment_id: int) -> Any:
    return _on_assignment(assignment_id, "Đã trả lại cho người giao.",
                          lambda a: routing.return_assignment(current_actor(), a, request.form.get("reason", "")))


@bp.post("/assignments/<int:assignment_id>/forward")
@requires("incoming.assign")
def forward(assignment_id: int) -> Any:
    def call(assignment: Any) -> None:
        unit_id = parse_int(request.form.get("unit_id"), "Đơn vị") or 0
        routing.forward_assignment(current_actor(), assignment, unit_id, request.form.get("reason", ""))

    return _on_assignment(assignment_id, "Đã chuyển sang đơn vị khác.", call)


@bp.post("/assignments/<int:assignment_id>/recall")
@requires("incoming.supervise")
def recall(assignment_id: int) -> Any:
    return _on_assignment(assignment_id, "Đã thu hồi.", lambda a: routing.recall_assignment(current_actor(), a))


@bp.post("/assignments/<int:assignment_id>/remind")
@requires("incoming.supervise")
def remind(assignment_id: int) -> Any:
    return _on_assignment(assignment_id, "Đã gửi đôn đốc.",
                          lambda a: routing.remind(current_actor(), a, request.form.get("text", "")))
