"""Pages for outgoing documents: the lists of drafts, the new-draft form, the draft page with
its actions (submit, approve, return, comment, consult, issue, recall) and the outgoing
register. Every form is read into the service's own pydantic model (eoffice.web.form_input),
so a failed submission shows each message beside its field and loses nothing typed."""
from __future__ import annotations

from typing import Any, Callable, Optional

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from eoffice.auth.models import User
from eoffice.auth.permissions import can, require
from eoffice.auth.roles import Role
from eoffice.calendar import service as calendar
from eoffice.db import db
from eoffice.documents.models import SECRECY_LABELS, URGENCY_LABELS, StagedUpload
from eoffice.errors import ServiceError
from eoffice.org.models import Unit
from eoffice.outgoing import approval, drafting, issuance, queries
from eoffice.outgoing.access import issuing_units
from eoffice.outgoing.models import (
    AUTHORITY_LABELS, EVENT_LABELS, STATUS_LABELS, OutgoingDocument, OutgoingState,
)
from eoffice.outgoing.numbering import AGENCY_KINDS, agency_of, draftable_types
from eoffice.outgoing.schemas import ApproveIn, ChainIn, CommentIn, ConsultIn, DraftIn, ExternalRecipientIn, ReasonIn, VersionIn
from eoffice.outgoing.uploads import stage_draft_file
from eoffice.signing.office import agency_stamper
from eoffice.web.form_input import FormReader, FormState, PageForms, submit
from eoffice.web.guard import current_actor, requires
from eoffice.web.page_actions import act_on_page, no_input
from eoffice.web.paging import page_number
from eoffice.work.models import WorkFile

bp = Blueprint("outgoing", __name__, url_prefix="/outgoing", template_folder="templates")

# Which field a service's refusal belongs to on the new-draft form.
DRAFT_FIELDS = {
    "invalid_doc_type": "doc_type", "missing_subject": "subject", "unknown_signer": "signer_id",
    "no_recipients": "recipient_unit_ids", "unknown_recipient": "recipient_unit_ids",
    "recipient_without_code": "external", "invalid_recipient_code": "external", "recipient_without_name": "external",
    "organisation_inactive": "external", "unknown_incoming": "answers_incoming_id", "staged_missing": "main",
    "not_pdf": "main", "too_large": "main", "conversion_unavailable": "main", "conversion_failed": "main",
}


@bp.context_processor
def labels() -> dict[str, Any]:
    return {"STATUS_LABELS": STATUS_LABELS, "EVENT_LABELS": EVENT_LABELS, "URGENCY_LABELS": URGENCY_LABELS,
            "SECRECY_LABELS": SECRECY_LABELS, "AUTHORITY_LABELS": AUTHORITY_LABELS, "TABS": queries.TABS}


def default_agency_id(user: Any) -> Optional[int]:
    """The agency whose register a user sees first: the one their own unit belongs to."""
    membership = user.primary_membership
    return agency_of(membership.unit).id if membership else None


# --- Lists -----------------------------------------------------------------------------------
@bp.get("/", strict_slashes=False)
@requires("outgoing.work")
def index() -> Any:
    tab = request.args.get("tab") or "cho_toi"
    if tab not in queries.TABS:
        abort(404)
    q = request.args.get("q", "")
    return render_template("outgoing/index.html", tab=tab, q=q, page=queries.listing(current_user, tab, q, page_number()),
                           may_draft=can(current_user, "outgoing.draft"))


@bp.get("/register")
@requires("outgoing.register.view")
def register() -> Any:
    year = request.args.get("year", type=int) or calendar.now().year
    agencies = [u for u in _units() if u.kind in AGENCY_KINDS or u.parent_id is None]
    agency_id = request.args.get("agency", type=int) or default_agency_id(current_user)
    agency = db.session.get(Unit, agency_id) if agency_id else None
    q = request.args.get("q", "")
    rows = queries.register_rows(current_user, agency.id, year, q=q) if agency else []
    return render_template("outgoing/register.html", rows=rows, year=year, agency=agency, agencies=agencies, q=q)


@bp.get("/register/export")
@requires("outgoing.register.view")
def register_export() -> Any:
    """The register of the page's agency and year as PDF or Excel (what the page lists, no more)."""
    from eoffice.outgoing import register_export as export

    fmt = request.args.get("format", "pdf")
    agency_id = request.args.get("agency", type=int) or default_agency_id(current_user)
    agency = db.session.get(Unit, agency_id) if agency_id else None
    if fmt not in ("pdf", "xlsx") or agency is None:
        flash("Chọn cơ quan và năm rồi bấm Tải PDF hoặc Tải Excel.", "error")
        return redirect(url_for(".register"))
    year = request.args.get("year", type=int) or calendar.now().year
    rows = queries.register_rows(current_user, agency.id, year, q=request.args.get("q", ""))
    body = export.register_file(rows, agency.name,
                                agency.parent.name if agency.parent else None, year, fmt)
    mimetype = "application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="so-van-ban-di-{year}.{fmt}"'})


# --- New draft -------------------------------------------------------------------------------
def _signers() -> list[User]:
    users = db.session.scalars(select(User).where(User.is_enabled.is_(True)).order_by(User.full_name))
    return [u for u in users if u.has_role(Role.CHAIR, Role.OFFICE_CHIEF, Role.UNIT_HEAD)]


def _units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(Unit.is_active.is_(True)).order_by(Unit.name)))


def parse_external(raw: str) -> list[ExternalRecipientIn]:
    """One outside recipient per line, «Tên cơ quan | mã định danh» (the code may be missing:
    the service then says which one needs it)."""
    recipients = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        name, _, code = line.rpartition("|") if "|" in line else (line, "", "")
        recipients.append(ExternalRecipientIn(name=name.strip()[:200], code=code.strip()[:50]))
    return recipients


def _kept_or_new(reader: FormReader, name: str, *, main: bool) -> tuple[str, str]:
    """The form's file, staged once: a new upload, or the one kept from a failed try.
    Returns (token, source token of a converted DOCX)."""
    upload = request.files.get(name)
    if upload is not None and upload.filename:
        try:
            staged = stage_draft_file(current_actor(), upload.stream, upload.filename, main=main)
        except ServiceError as exc:
            db.session.rollback()
            reader.fail(name, exc.message)
            return "", ""
        reader.keep_file(name, staged.token, staged.filename)
        if staged.source_token:
            reader.keep_file(f"{name}_source", staged.source_token, staged.converted_from)
        return staged.token, staged.source_token
    token, source = reader.text(f"{name}_token"), reader.text(f"{name}_source_token")
    if token:
        kept = db.session.scalars(select(StagedUpload).where(StagedUpload.token == token,
                                                             StagedUpload.user_id == current_user.id)).first()
        if kept is not None:
            reader.keep_file(name, kept.token, kept.filename)
            if source:
                reader.keep_file(f"{name}_source", source, "")
            return kept.token, source
        reader.fail(name, "Tệp đã chọn lần trước không còn (quá 24 giờ hoặc đã dùng). Hãy chọn lại tệp.")
    elif main:
        reader.fail(name, "Hãy chọn tệp dự thảo (PDF hoặc DOCX).")
    return "", ""


@bp.route("/new", methods=["GET", "POST"])
@requires("outgoing.draft")
def new() -> Any:
    state: Optional[FormState] = None
    if request.method == "POST":
        reader = FormReader("draft", request.form)
        created: list[OutgoingDocument] = []

        def build(form: FormReader) -> Optional[DraftIn]:
            token, source = _kept_or_new(form, "main", main=True)
            attachments = []
            for upload in request.files.getlist("attachments"):
                if upload and upload.filename:
                    try:
                        attachments.append(stage_draft_file(current_actor(), upload.stream, upload.filename, main=False).token)
                    except ServiceError as exc:
                        db.session.rollback()
                        form.fail("attachments", exc.message)
            external = parse_external(form.text("external"))
            return form.model(DraftIn, main_token=token or "-", source_token=source, attachment_tokens=attachments,
                              external_recipients=[e.model_dump() for e in external])

        state = submit(reader, build, lambda data: created.append(drafting.create_draft(current_actor(), data)),
                       DRAFT_FIELDS, on_error=db.session.rollback)
        if state is None:
            flash("Đã tạo dự thảo. Kiểm tra lại rồi bấm «Trình duyệt».", "success")
            return redirect(url_for(".detail", outgoing_id=created[0].id))
        db.session.rollback()
    return render_template(
        "outgoing/new.html", f=state or FormState("draft"), doc_types=draftable_types(), signers=_signers(),
        units=_units(), answers=request.args.get("answers", ""), answerable=queries.answerable(current_user),
    ), (400 if state is not None else 200)


# --- The draft page and its actions ----------------------------------------------------------
def _document(outgoing_id: int) -> OutgoingDocument:
    return drafting.read_outgoing(current_actor(), outgoing_id)


def _render_detail(doc: OutgoingDocument, failed: Optional[FormState] = None, status: int = 200) -> Any:
    user = current_user
    open_consultation = next((a for a in doc.consultations if a.user_id == user.id and a.is_open), None)
    return render_template(
        "outgoing/detail.html", doc=doc, forms=PageForms(failed),
        is_drafter=doc.drafter_id == user.id, is_approver=doc.current_approver_id == user.id,
        is_signer=doc.signer_id == user.id and doc.status == OutgoingState.APPROVED.value,
        may_issue=can(user, "outgoing.issue", doc), open_consultation=open_consultation,
        may_consult=approval._may_consult(current_actor(), doc), people=_people(),
        issued_file=issuance.issued_file(doc), issuing_units=issuing_units(doc),
        timeliness=calendar.timeliness_label, receiver_states=queries.receiver_states(doc) if doc.issued_at else {},
    ), status


def _people() -> list[User]:
    return list(db.session.scalars(select(User).where(User.is_enabled.is_(True)).order_by(User.full_name)))


@bp.get("/<int:outgoing_id>")
@requires("outgoing.work")
def detail(outgoing_id: int) -> Any:
    return _render_detail(_document(outgoing_id))


def _act(outgoing_id: int, form_id: str, success: str, build: Callable[[FormReader], Any],
         call: Callable[[OutgoingDocument, Any], Any], fields: Optional[dict[str, str]] = None) -> Any:
    item = _document(outgoing_id)
    return act_on_page(form_id, success, build, lambda data: call(item, data), fields or {},
                       done=lambda: redirect(url_for(".detail", outgoing_id=outgoing_id)),
                       failed_page=lambda state: _render_detail(_document(outgoing_id), state, 400))



@bp.post("/<int:outgoing_id>/submit")
@requires("outgoing.draft")
def submit_draft(outgoing_id: int) -> Any:
    return _act(outgoing_id, "submit", "Đã trình dự thảo; người duyệt bước đầu được thông báo.", no_input,
                lambda doc, _: approval.submit(current_actor(), doc))


@bp.post("/<int:outgoing_id>/versions")
@requires("outgoing.draft")
def add_version(outgoing_id: int) -> Any:
    def build(form: FormReader) -> Optional[VersionIn]:
        token, source = _kept_or_new(form, "main", main=True)
        return form.model(VersionIn, main_token=token or "-", source_token=source)

    return _act(outgoing_id, "version", "Đã thêm phiên bản mới; các phiên bản trước vẫn được lưu.", build,
                lambda doc, data: drafting.add_version(current_actor(), doc, data), {"not_editable": "main"})


@bp.post("/<int:outgoing_id>/approve")
@requires("outgoing.work")
def approve(outgoing_id: int) -> Any:
    return _act(outgoing_id, "approve", "Đã duyệt dự thảo.", lambda form: form.model(ApproveIn),
                lambda doc, data: approval.approve(current_actor(), doc, data))


@bp.post("/<int:outgoing_id>/return")
@requires("outgoing.work")
def return_draft(outgoing_id: int) -> Any:
    return _act(outgoing_id, "return", "Đã trả lại dự thảo cho người soạn thảo kèm lý do.", lambda form: form.model(ReasonIn),
                lambda doc, data: approval.return_draft(current_actor(), doc, data), {"missing_reason": "reason"})


@bp.post("/<int:outgoing_id>/comments")
@requires("outgoing.work")
def comment(outgoing_id: int) -> Any:
    return _act(outgoing_id, "comment", "Đã ghi ý kiến.", lambda form: form.model(CommentIn),
                lambda doc, data: approval.comment(current_actor(), doc, data), {"missing_comment": "text"})


@bp.post("/<int:outgoing_id>/consultations")
@requires("outgoing.work")
def consult(outgoing_id: int) -> Any:
    return _act(outgoing_id, "consult", "Đã gửi yêu cầu xin ý kiến.", lambda form: form.model(ConsultIn),
                lambda doc, data: approval.consult(current_actor(), doc, data),
                {"missing_question": "question", "deadline_past": "deadline", "not_a_working_day": "deadline",
                 "unknown_user": "user_ids"})


@bp.post("/<int:outgoing_id>/consultations/<int:assignment_id>/answer")
@requires("outgoing.work")
def answer(outgoing_id: int, assignment_id: int) -> Any:
    return _act(outgoing_id, "answer", "Đã gửi ý kiến.", lambda form: form.model(CommentIn),
                lambda doc, data: approval.answer_consultation(current_actor(), doc, assignment_id, data),
                {"missing_comment": "text"})


@bp.post("/<int:outgoing_id>/signed")
@requires("outgoing.work")
def upload_signed(outgoing_id: int) -> Any:
    """The signer uploads the approved version signed with their own tool (USB token, SIM)."""
    def build(form: FormReader) -> Optional[bytes]:
        upload = request.files.get("signed")
        if upload is None or not upload.filename:
            form.fail("signed", "Hãy chọn tệp PDF đã ký số.")
            return None
        return upload.stream.read()

    return _act(outgoing_id, "sign", "Đã ký số văn bản; văn thư được thông báo để cấp số và phát hành.", build,
                lambda doc, data: issuance.sign(current_actor(), doc, issuance.signed_elsewhere(data)),
                {"signed_other_pdf": "signed", "not_pdf": "signed"})


@bp.post("/<int:outgoing_id>/issue")
@requires("outgoing.issue")
def issue(outgoing_id: int) -> Any:
    def call(doc: OutgoingDocument, _: Any) -> None:
        issuance.issue(current_actor(), doc, stamp=agency_stamper(doc))
        flash(f"Đã cấp số {doc.notation} và phát hành văn bản.", "success")

    return _act(outgoing_id, "issue", "Nơi nhận trong hệ thống đã nhận văn bản; nơi nhận bên ngoài được gửi qua trục liên thông.",
                no_input, call)


@bp.post("/<int:outgoing_id>/recall")
@requires("outgoing.issue")
def recall(outgoing_id: int) -> Any:
    return _act(outgoing_id, "recall", "Đã thu hồi văn bản; các nơi nhận được thông báo.", lambda form: form.model(ReasonIn),
                lambda doc, data: issuance.recall(current_actor(), doc, data), {"missing_reason": "reason"})


# --- Approval chains (administrators) -------------------------------------------------------
CHAIN_STEPS = 6


@bp.route("/chains", methods=["GET", "POST"])
@requires("outgoing.chains.manage")
def chains() -> Any:
    """Who approves drafts, per document type and drafting unit, step by step."""
    state: Optional[FormState] = None
    if request.method == "POST":
        reader = FormReader("chain", request.form)

        def build(form: FormReader) -> Optional[ChainIn]:
            steps = [form.integer(f"step{i}", f"Bước {i}") for i in range(1, CHAIN_STEPS + 1)]
            return form.model(ChainIn, steps=[s for s in steps if s is not None])

        state = submit(reader, build, lambda data: drafting.set_chain(current_actor(), data),
                       {"invalid_doc_type": "doc_type", "unknown_unit": "unit_id", "unknown_approver": "steps",
                        "repeated_approver": "steps", "empty_chain": "step1"}, on_error=db.session.rollback)
        if state is None:
            flash("Đã lưu luồng duyệt.", "success")
            return redirect(url_for(".chains"))
        db.session.rollback()
    people = {u.id: u for u in _people()}
    return render_template("outgoing/chains.html", f=state or FormState("chain"), chains=drafting.list_chains(),
                           people=people, units=_units(), doc_types=draftable_types(), step_count=CHAIN_STEPS,
                           type_names={t.code: t.name for t in draftable_types()}), (400 if state else 200)


# --- Files -------------------------------------------------------------------------------------
def file_response(file_id: int) -> Response:
    """Stream one of an outgoing document's files to someone who may read the document."""
    from eoffice.files.download import file_response as stream

    record = db.session.get(WorkFile, file_id)
    if record is None or record.work_item.kind != "outgoing":
        abort(404)
    require(current_user, "outgoing.view", record.work_item)
    return stream(record)


@bp.get("/files/<int:outgoing_file_id>")
@requires("outgoing.work")
def download(outgoing_file_id: int) -> Response:
    return file_response(outgoing_file_id)

