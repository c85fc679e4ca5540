"""Pages for incoming documents: queues, registration, the document page with its actions,
the printable processing slip, registers, file downloads."""
from __future__ import annotations

from typing import Any, Callable, Optional

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from eoffice.auth.permissions import can, require
from eoffice.db import DB_INT_MAX, db, get_or_not_found
from eoffice.documents import closing, deliveries, processing, queries, registration, routing
from eoffice.documents.doc_types import DOCUMENT_TYPES
from eoffice.documents.models import (
    ASSIGNMENT_ROLE_LABELS, ASSIGNMENT_STATUS_LABELS, CHANNEL_LABELS, EVENT_LABELS, SECRECY_LABELS,
    STATUS_LABELS, URGENCY_LABELS, WorkFile, StagedUpload,
)
from eoffice.documents.schemas import RegistrationIn
from eoffice.documents.uploads import stage_upload
from eoffice.dates import parse_date
from eoffice.errors import ServiceError
from eoffice.signing.validation.present import panel as signature_panel
from eoffice.web.form_input import FormReader, FormState, PageForms
from eoffice.web.guard import current_actor, requires
from eoffice.web.page_actions import act_on_page, no_input
from eoffice.web.paging import page_number

bp = Blueprint("incoming", __name__, url_prefix="/incoming", template_folder="templates")


@bp.context_processor
def labels() -> dict[str, Any]:
    return {
        "URGENCY_LABELS": URGENCY_LABELS, "SECRECY_LABELS": SECRECY_LABELS, "STATUS_LABELS": STATUS_LABELS,
        "ROLE_LABELS": ASSIGNMENT_ROLE_LABELS, "ASSIGNMENT_STATUS_LABELS": ASSIGNMENT_STATUS_LABELS,
        "EVENT_LABELS": EVENT_LABELS, "CHANNEL_LABELS": CHANNEL_LABELS, "DOCUMENT_TYPES": DOCUMENT_TYPES,
        "TABS": queries.TABS, "doc_status_label": closing.status_label,
        "coordination_pending": closing.coordination_pending, "coordination_parts": closing.coordination_parts,
        "signature_panel": signature_panel,
    }


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
        "channel": "electronic" if (staged.inspection or {}).get("signatures") or (staged.inspection or {}).get("has_signatures") else "paper",
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
            reader = FormReader("register", request.form)
            data = reader.model(RegistrationIn, main_token=token, attachment_tokens=attachments,
                                confirm_duplicate=request.form.get("confirm_duplicate") == "1")
            if data is None:
                raise ServiceError("invalid_form", " ".join(m for ms in reader.state.errors.values() for m in ms))
            doc = registration.register_document(current_actor(), data.to_input())
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
        attachments=",".join(attachments), duplicates=duplicates, sig=signature_panel(staged),
        poll_url=url_for("incoming.staged_signatures", token=token),
    ), (200 if request.method == "GET" else 400)


def signature_check_json(stored: Any, poll_url: str) -> Response:
    """The signature panel of a stored file as the page polls it: its state and the panel's HTML
    (the same partial the page rendered). A pending check with no worker alive is started here."""
    from flask import jsonify

    from eoffice.signing.validation import background

    sig = signature_panel(stored)
    if sig.pending:
        background.nudge(getattr(stored, "stored", stored).id)
    html = render_template("documents/_signatures.html", sig=sig, poll_url=poll_url)
    response = jsonify({"state": sig.state or "none", "tampered": sig.tampered, "html": html,
                        "signatures": len(sig.signatures)})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/new/<token>/signatures")
@requires("incoming.register")
def staged_signatures(token: str) -> Any:
    """Polled by the registration form while the worker checks the uploaded file's signatures."""
    from eoffice.documents.uploads import STAGED_TOKEN

    staged = None
    if STAGED_TOKEN.fullmatch(token):
        staged = db.session.query(StagedUpload).filter_by(token=token, user_id=current_user.id).one_or_none()
    if staged is None:
        abort(404)
    return signature_check_json(staged, url_for(".staged_signatures", token=token))


@bp.get("/files/<int:file_id>/signatures")
@requires("incoming.work")
def file_signatures(file_id: int) -> Any:
    """Polled by the document page while the signatures of its main file are checked."""
    record = db.session.get(WorkFile, file_id)
    if record is None:
        abort(404)
    require(current_user, "incoming.view", record.work_item)
    return signature_check_json(record, url_for(".file_signatures", file_id=file_id))


@bp.post("/files/<int:file_id>/signatures/recheck")
@requires("incoming.work")
def recheck_signatures(file_id: int) -> Any:
    """"Kiểm tra lại": the main file's signatures checked again (after a trust store change)."""
    from eoffice.signing.validation import background

    record = get_or_not_found(WorkFile, file_id, "Tệp")
    require(current_user, "incoming.view", record.work_item)
    background.recheck(current_actor(), record.stored)
    flash("Đã yêu cầu kiểm tra lại chữ ký số; kết quả hiện trong mục chữ ký khi xong.", "info")
    return redirect(url_for(".detail", doc_id=record.work_item_id))


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
    return routing.read_document(current_actor(), doc_id)


@bp.get("/<int:doc_id>")
@requires("incoming.work")
def detail(doc_id: int) -> Any:
    doc = _document(doc_id)
    # Reading the page changes nothing (a GET never writes): the assignee confirms receipt with
    # "Nhận xử lý" / "Đã xem" (incoming.open), or by acting on the part.
    return _render_detail(doc)


def _render_detail(doc: Any, failed: Optional[FormState] = None, status: int = 200) -> Any:
    """The document page; after a failed submission, that form keeps what was typed and its errors."""
    from eoffice.calendar import service as calendar
    from eoffice.org import service as org

    units = [(d, u) for d, u in org.tree() if u.is_active]
    today = calendar.now().astimezone(calendar.VN).date()
    presets = [(n, calendar.add_working_days_date(today, n)) for n in DEADLINE_PRESETS]
    return render_template(
        "documents/detail.html", doc=doc, units=units, unit_tree=_nested(units), forms=PageForms(failed),
        leaders=_leaders(), members=_unit_members, timeliness=calendar.timeliness_label, now=calendar.now(),
        presets=presets, main_pdf=next((f for f in doc.files if f.role == "main" and f.content_type == "application/pdf"), None),
    ), status


DEADLINE_PRESETS = (3, 5, 10)  # working days from today, offered as one-click deadlines


def _nested(rows: list[tuple[int, Any]]) -> list[dict[str, Any]]:
    """Depth-first (depth, unit) rows as a tree of {"unit", "children"}; a unit under an
    inactive one hangs from its nearest listed ancestor."""
    roots: list[dict[str, Any]] = []
    path: list[dict[str, Any]] = []
    for depth, unit in rows:
        node: dict[str, Any] = {"unit": unit, "children": []}
        del path[depth:]
        (path[-1]["children"] if path else roots).append(node)
        path.append(node)
    return roots


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
    from eoffice.files.download import file_response as stream

    record = get_or_not_found(WorkFile, file_id, "tệp đính kèm")
    require(current_user, "incoming.view", record.work_item)
    return stream(record)


# --- Actions ----------------------------------------------------------------------------------
# Every form of the document page goes through `_submit`: the form is read into the service's
# input (a message per bad field), the service runs, and on failure the page is rendered again
# with what was typed and each error beside its field — nothing typed is lost.
UNITS = ("unit_inactive", "unit_without_leader", "missing_lead", "unit_twice", "already_routed")
DEADLINES = ("deadline_past", "not_a_working_day", "deadline_after_unit")


def _fields(mapping: dict[tuple[str, ...], Any]) -> dict[str, Any]:
    return {code: target for codes, target in mapping.items() for code in codes}


def _submit(doc: Any, form_id: str, success: str, build: Callable[[FormReader], Any], call: Callable[[Any], Any],
            fields: dict[str, Any]) -> Any:
    return act_on_page(form_id, success, build, call, fields, done=lambda: _back(url_for("incoming.detail", doc_id=doc.id)),
                       failed_page=lambda state: _render_detail(_document(doc.id), state, 400))


def _staged_file(reader: FormReader, name: str = "file") -> str:
    """The form's file, checked and stored once: a new upload, or the one kept from a failed try."""
    upload = request.files.get(name)
    if upload is not None and upload.filename:
        try:
            staged = stage_upload(current_actor(), upload.stream, upload.filename, main_document=False)
        except ServiceError as exc:
            db.session.rollback()
            reader.fail(name, exc.message)
            return ""
        reader.keep_file(name, staged.token, staged.filename)
        return staged.token
    token = reader.text(f"{name}_token")
    if token:
        kept = db.session.query(StagedUpload).filter_by(token=token, user_id=current_user.id).one_or_none()
        if kept is not None:
            reader.keep_file(name, kept.token, kept.filename)
            return kept.token
        reader.fail(name, "Tệp đã chọn lần trước không còn (quá 24 giờ hoặc đã dùng). Hãy chọn lại tệp.")
    return ""


@bp.post("/<int:doc_id>/route")
@requires("incoming.route")
def route(doc_id: int) -> Any:
    doc = _document(doc_id)

    def build(form: FormReader) -> routing.SteeringInput:
        lead_day = form.day("lead_deadline", "Hạn của đơn vị chủ trì")
        coordinate_day = form.day("coordinate_deadline", "Hạn của đơn vị phối hợp")
        lead = form.integer("lead_unit", "Đơn vị chủ trì")
        return routing.SteeringInput(
            opinion=form.text("opinion"), lead=routing.UnitTarget(lead, lead_day) if lead else None,
            coordinate=[routing.UnitTarget(u, coordinate_day) for u in form.integers("coordinate_unit", "Đơn vị phối hợp")],
            inform_units=form.integers("inform_unit", "Đơn vị để biết"), inform_users=form.integers("inform_user", "Người để biết"),
        )

    return _submit(doc, "route", "Đã cho ý kiến chỉ đạo và chuyển văn bản.", build,
                   lambda steering: routing.route(current_actor(), doc, steering),
                   _fields({UNITS: "units", DEADLINES: ("lead_deadline", "coordinate_deadline"), ("user_disabled",): "units"}))


@bp.post("/<int:doc_id>/propose")
@requires("incoming.propose")
def propose(doc_id: int) -> Any:
    doc = _document(doc_id)

    def build(form: FormReader) -> tuple[str, int]:
        return form.text("opinion"), form.integer("leader_id", "Lãnh đạo") or 0

    return _submit(doc, "propose", "Đã trình lãnh đạo kèm ý kiến đề xuất.", build,
                   lambda data: routing.propose(current_actor(), doc, *data),
                   _fields({("missing_opinion",): "opinion", ("not_a_leader", "user_disabled", "not_found"): "leader_id"}))


@bp.post("/<int:doc_id>/comment")
@requires("incoming.work")
def comment(doc_id: int) -> Any:
    doc = _document(doc_id)

    def build(form: FormReader) -> tuple[str, str]:
        return form.text("text"), _staged_file(form)

    return _submit(doc, "comment", "Đã ghi ý kiến.", build, lambda data: processing.comment(current_actor(), doc, *data),
                   _fields({("empty_comment",): "text", ("staged_missing",): "file"}))


@bp.post("/<int:doc_id>/reply")
@requires("incoming.work")
def propose_reply(doc_id: int) -> Any:
    doc = _document(doc_id)

    def build(form: FormReader) -> tuple[str, str]:
        return form.text("summary"), _staged_file(form)

    return _submit(doc, "reply", "Đã đề xuất dự thảo văn bản trả lời.", build,
                   lambda data: processing.propose_reply(current_actor(), doc, *data),
                   _fields({("missing_summary",): "summary", ("staged_missing",): "file"}))


@bp.post("/<int:doc_id>/close")
@requires("incoming.close")
def close(doc_id: int) -> Any:
    doc = _document(doc_id)
    return _submit(doc, "close", "Đã kết thúc xử lý văn bản.",
                   lambda form: (form.text("result"), request.form.get("end_coordination") == "1"),
                   lambda data: processing.close_document(current_actor(), doc, data[0], end_coordination=data[1]),
                   {"missing_result": "result"})


def _on_assignment(assignment_id: int, form: str, success: str, build: Callable[[FormReader], Any],
                   call: Callable[[Any, Any], Any], fields: Optional[dict[str, Any]] = None) -> Any:
    """A form on one assignment (its id is part of the form's id: the page holds one per assignment)."""
    assignment = routing.get_assignment(assignment_id)
    require(current_user, "incoming.view", assignment.work_item)
    return _submit(assignment.work_item, f"{form}-{assignment.id}", success, build,
                   lambda data: call(assignment, data), fields or {})


@bp.post("/assignments/<int:assignment_id>/assign")
@requires("incoming.assign")
def assign(assignment_id: int) -> Any:
    def build(form: FormReader) -> tuple[list[int], Any, str]:
        return form.integers("user_id", "Cán bộ"), form.day("deadline", "Hạn xử lý"), form.text("instruction")

    return _on_assignment(assignment_id, "assign", "Đã phân công xử lý.", build,
                          lambda a, data: routing.assign_handlers(current_actor(), a, *data),
                          _fields({("missing_handler", "user_disabled", "not_in_unit", "not_found"): "user_id", DEADLINES: "deadline"}))


@bp.post("/assignments/<int:assignment_id>/complete")
@requires("incoming.work")
def complete(assignment_id: int) -> Any:
    return _on_assignment(assignment_id, "complete", "Đã hoàn thành phần việc.", lambda form: form.text("result"),
                          lambda a, result: processing.complete_assignment(current_actor(), a, result),
                          {"missing_result": "result"})


@bp.post("/assignments/<int:assignment_id>/return")
@requires("incoming.work")
def give_back(assignment_id: int) -> Any:
    return _on_assignment(assignment_id, "return", "Đã trả lại cho người giao.", lambda form: form.text("reason"),
                          lambda a, reason: routing.return_assignment(current_actor(), a, reason), {"missing_reason": "reason"})


@bp.post("/assignments/<int:assignment_id>/forward")
@requires("incoming.assign")
def forward(assignment_id: int) -> Any:
    def build(form: FormReader) -> tuple[int, str]:
        return form.integer("unit_id", "Đơn vị") or 0, form.text("reason")

    return _on_assignment(assignment_id, "forward", "Đã chuyển sang đơn vị khác.", build,
                          lambda a, data: routing.forward_assignment(current_actor(), a, *data),
                          _fields({("missing_reason",): "reason", UNITS + ("same_unit", "not_found"): "unit_id"}))


@bp.post("/assignments/<int:assignment_id>/open")
@requires("incoming.work")
def open_part(assignment_id: int) -> Any:
    """The assignee confirms receipt: the assigner can no longer recall it silently."""
    return _on_assignment(assignment_id, "open", "Đã xác nhận nhận văn bản.", no_input,
                          lambda a, _: routing.open_assignment(current_actor(), a))


@bp.post("/assignments/<int:assignment_id>/recall")
@requires("incoming.supervise")
def recall(assignment_id: int) -> Any:
    return _on_assignment(assignment_id, "recall", "Đã thu hồi.", no_input,
                          lambda a, _: routing.recall_assignment(current_actor(), a))


@bp.post("/assignments/<int:assignment_id>/remind")
@requires("incoming.supervise")
def remind(assignment_id: int) -> Any:
    return _on_assignment(assignment_id, "remind", "Đã gửi đôn đốc.", lambda form: form.text("text"),
                          lambda a, text: routing.remind(current_actor(), a, text))
