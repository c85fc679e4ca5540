"""Desk and processing pages: the dossier lists, intake with the checklist, the dossier page
with its actions, the receipt (printable and PDF) and the catalogue admin page. Forms are
read into the services' pydantic models (eoffice.web.form_input): a failed submission shows
each message beside its field and loses nothing typed."""
from __future__ import annotations

import base64
from typing import Any, Callable, Optional

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from eoffice.auth.permissions import can
from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.onestop import catalogue, citizen, forms as slip_forms, intake, processing, queries, results, slips
from eoffice.onestop.access import may_act_on_step, open_step
from eoffice.onestop.models import (
    CHANNEL_LABELS, COMPONENT_KIND_LABELS, EVENT_LABELS, ONLINE_LABELS, RATING_CRITERIA, RATING_VALUES, STATUS_LABELS, Dossier,
)
from eoffice.onestop.schemas import ApologyIn, DossierIn, ReasonIn, StepDoneIn, SupplementIn
from eoffice.signing.validation.present import panel as signature_panel
from eoffice.web.form_input import FormReader, FormState, PageForms, submit
from eoffice.web.guard import current_actor, requires
from eoffice.web.paging import page_number

bp = Blueprint("onestop", __name__, url_prefix="/onestop", template_folder="templates")

INTAKE_FIELDS = {"missing_components": "provided", "unknown_procedure": "procedure_id", "not_a_desk": "",
                 "not_pdf": "files", "type_not_allowed": "files", "too_large": "files", "invalid_pdf": "files"}


@bp.context_processor
def labels() -> dict[str, Any]:
    return {"STATUS_LABELS": STATUS_LABELS, "EVENT_LABELS": EVENT_LABELS, "CHANNEL_LABELS": CHANNEL_LABELS,
            "COMPONENT_KIND_LABELS": COMPONENT_KIND_LABELS, "ONLINE_LABELS": ONLINE_LABELS, "TABS": queries.TABS,
            "signature_panel": signature_panel, "RATING_CRITERIA": RATING_CRITERIA, "RATING_VALUES": RATING_VALUES}


@bp.get("/", strict_slashes=False)
@requires("onestop.work")
def index() -> Any:
    tab = request.args.get("tab") or "cho_toi"
    if tab not in queries.TABS:
        abort(404)
    q = request.args.get("q", "")
    return render_template("onestop/index.html", tab=tab, q=q, page=queries.listing(current_user, tab, q, page_number()),
                           may_receive=can(current_user, "onestop.receive"))


def component_files(procedure_components: int) -> list[tuple[int, str, Any]]:
    """The files posted for a procedure's components (fields `file_<index>`)."""
    files = []
    for index in range(procedure_components):
        upload = request.files.get(f"file_{index}")
        if upload is not None and upload.filename:
            files.append((index, upload.filename, upload.stream))
    return files


@bp.route("/new", methods=["GET", "POST"])
@requires("onestop.receive")
def new() -> Any:
    procedures = catalogue.list_procedures()
    chosen_id = request.values.get("procedure_id", type=int)
    chosen = next((p for p in procedures if p.id == chosen_id), None)
    state: Optional[FormState] = None
    if request.method == "POST" and chosen is not None:
        reader = FormReader("intake", request.form)
        made: list[Dossier] = []

        def call(data: DossierIn) -> None:
            made.append(intake.receive(current_actor(), data, component_files(len(chosen.components))))

        state = submit(reader, lambda r: r.model(DossierIn), call, INTAKE_FIELDS, db.session.rollback)
        if state is None:
            flash(f"Đã tiếp nhận hồ sơ {made[0].code}.", "success")
            return redirect(url_for("onestop.receipt", dossier_id=made[0].id))
    forms = PageForms(state)
    return render_template("onestop/new.html", procedures=procedures, chosen=chosen, f=forms.get("intake"),
                           status=400 if state else 200), 400 if state else 200


def _load(dossier_id: int) -> Dossier:
    return processing.read_dossier(current_actor(), dossier_id)


@bp.get("/<int:dossier_id>")
@requires("onestop.work")
def detail(dossier_id: int, forms: Optional[PageForms] = None, status: int = 200) -> Any:
    dossier = _load(dossier_id)
    desk_officer = can(current_user, "onestop.desk", dossier)
    return render_template(
        "onestop/detail.html", d=dossier, sheet=processing.control_sheet(dossier), step=open_step(dossier),
        may_step=may_act_on_step(current_user, dossier), desk_officer=desk_officer, forms=forms or PageForms(),
        timeline=dossier.events, result=results.result_file(dossier), slip_forms=slip_forms.available(dossier),
        may_issue_result=dossier.status in results.ISSUABLE and results.may_issue(current_user, dossier),
        may_enter_rating=desk_officer and citizen.may_rate(dossier), ratings=citizen.ratings_of(dossier),
    ), status


ACTIONS: dict[str, tuple[type, Callable[..., Any], str]] = {
    "step": (StepDoneIn, processing.complete_step, "Đã chuyển bước tiếp theo."),
    "supplement_request": (SupplementIn, processing.request_supplement, "Đã gửi yêu cầu bổ sung."),
    "apology": (ApologyIn, processing.apologise, "Đã gửi phiếu xin lỗi và hẹn lại ngày trả."),
    "refusal": (ReasonIn, processing.refuse, "Đã từ chối hồ sơ."),
    "return": (StepDoneIn, processing.return_result, "Đã trả kết quả."),
    "withdrawal": (ReasonIn, processing.withdraw, "Đã ghi nhận công dân rút hồ sơ."),
}


@bp.post("/<int:dossier_id>/<action>")
@requires("onestop.work")
def act(dossier_id: int, action: str) -> Any:
    if action == "accept":
        try:
            intake.accept_online(current_actor(), _load(dossier_id))
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        return redirect(url_for("onestop.detail", dossier_id=dossier_id))
    if action == "supplemented":
        try:
            dossier = _load(dossier_id)
            processing.supplement(current_actor(), dossier, component_files(len(dossier.procedure.components)),
                                  request.form.get("note", "")[:2000])
            flash("Đã nhận phần bổ sung; thời hạn tiếp tục tính.", "success")
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        return redirect(url_for("onestop.detail", dossier_id=dossier_id))
    if action == "paper_rating":
        return _enter_paper_rating(dossier_id)
    if action not in ACTIONS:
        abort(404)
    model, service, done = ACTIONS[action]
    if action == "supplement_request":
        fixed = {"missing": [line for line in request.form.get("missing", "").splitlines() if line.strip()],
                 "restart": request.form.get("restart") == "1"}
    else:
        fixed = {}
    reader = FormReader(action, request.form)
    state = submit(reader, lambda r: r.model(model, **fixed), lambda data: service(current_actor(), _load(dossier_id), data),
                   {"invalid_appointment": "new_due", "appointment_moved": "new_due", "apology_too_late": "new_due"},
                   db.session.rollback)
    if state is not None:
        return detail(dossier_id, PageForms(state), 400)
    flash(done, "success")
    return redirect(url_for("onestop.detail", dossier_id=dossier_id))


def _enter_paper_rating(dossier_id: int) -> Any:
    """The desk types in the satisfaction form a citizen filled in on paper (once per dossier,
    after the result was returned, as online and at the kiosk)."""
    from eoffice.auth.permissions import require
    from eoffice.onestop.public_views import rating_from_form

    dossier = _load(dossier_id)
    require(current_user, "onestop.desk", dossier, "Chỉ Bộ phận một cửa nhập phiếu đánh giá giấy.")
    try:
        citizen.rate(dossier, rating_from_form(request.form, channel="paper"))
        flash("Đã nhập phiếu đánh giá giấy của công dân.", "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(url_for("onestop.detail", dossier_id=dossier_id))


@bp.get("/<int:dossier_id>/receipt")
@requires("onestop.work")
def receipt(dossier_id: int) -> Any:
    dossier = _load(dossier_id)
    url = slips.lookup_url(dossier, request.host_url)
    qr = base64.b64encode(slips.qr_png(url)).decode()
    return render_template("onestop/receipt.html", d=dossier, r=slips.receipt_lines(dossier), qr=qr, url=url)


@bp.get("/<int:dossier_id>/receipt.pdf")
@requires("onestop.work")
def receipt_pdf(dossier_id: int) -> Any:
    dossier = _load(dossier_id)
    body = slips.receipt_pdf(dossier, request.host_url)
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="giay-tiep-nhan-{dossier.code}.pdf"'})


@bp.get("/<int:dossier_id>/phieu/<number>")
@requires("onestop.work")
def slip(dossier_id: int, number: str) -> Any:
    """Forms 02–05 as a print view (the browser prints it at its paper size)."""
    dossier = _load(dossier_id)
    try:
        form = slip_forms.fill(dossier, number, request.args.get("kho"))
    except ServiceError as exc:
        flash(exc.message, "error")
        return redirect(url_for("onestop.detail", dossier_id=dossier_id))
    return render_template("onestop/slip.html", d=dossier, form=form)


@bp.get("/<int:dossier_id>/phieu/<number>.pdf")
@requires("onestop.work")
def slip_pdf(dossier_id: int, number: str) -> Any:
    dossier = _load(dossier_id)
    try:
        body, filename = slip_forms.form_pdf_bytes(dossier, number, request.args.get("kho"))
    except ServiceError as exc:
        flash(exc.message, "error")
        return redirect(url_for("onestop.detail", dossier_id=dossier_id))
    return Response(body, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'})


@bp.post("/<int:dossier_id>/result")
@requires("onestop.work")
def issue_result(dossier_id: int) -> Any:
    """The agency issues the electronic result: the uploaded PDF is signed with its key."""
    from eoffice.auth.permissions import PermissionDenied

    upload = request.files.get("result_file")
    data = upload.stream.read(results.MAX_RESULT_BYTES + 1) if upload is not None and upload.filename else b""
    try:
        file = results.issue_result(current_actor(), _load(dossier_id), data, upload.filename if upload else "")
        flash(f"Đã ký số và phát hành kết quả {file.stored.filename}.", "success")
    except PermissionDenied as exc:
        db.session.rollback()
        flash(exc.message, "error")
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(url_for("onestop.detail", dossier_id=dossier_id))


@bp.get("/<int:dossier_id>/result.pdf")
@requires("onestop.work")
def result_pdf(dossier_id: int) -> Any:
    from eoffice.files.download import file_response

    file = results.result_file(_load(dossier_id))
    if file is None:
        abort(404)
    return file_response(file)


def _period() -> tuple[Any, Any]:
    from eoffice.dates import InvalidDate, parse_date
    from eoffice.onestop import clock

    today = clock.now().date()
    try:
        first = parse_date(request.args.get("tu", ""), "Từ ngày") or today.replace(day=1)
        last = parse_date(request.args.get("den", ""), "Đến ngày") or today
    except InvalidDate as exc:
        flash(exc.message, "error")
        first, last = today.replace(day=1), today
    return (first, last) if first <= last else (last, first)


@bp.get("/book")
@requires("onestop.work")
def book() -> Any:
    first, last = _period()
    return render_template("onestop/book.html", rows=queries.tracking_book(current_user, first, last), first=first, last=last)


@bp.get("/stats")
@requires("onestop.stats")
def stats() -> Any:
    from eoffice.onestop.statistics import period_figures
    from eoffice.org.models import Unit
    from eoffice.outgoing.numbering import AGENCY_KINDS

    first, last = _period()
    agencies = [u for u in db.session.query(Unit).filter(Unit.kind.in_(AGENCY_KINDS)).order_by(Unit.name)]
    agency_id = request.args.get("co_quan", type=int)
    from eoffice.onestop.statistics import satisfaction

    return render_template("onestop/stats.html", figures=period_figures(first, last, agency_id), first=first, last=last,
                           agencies=agencies, agency_id=agency_id, ratings=satisfaction(first, last, agency_id))


@bp.get("/stats.<fmt>")
@requires("onestop.stats")
def stats_export(fmt: str) -> Any:
    """The same figures as the page, per agency and in total, as Excel or PDF."""
    from eoffice.onestop.stats_export import stats_file

    if fmt not in ("xlsx", "pdf"):
        abort(404)
    first, last = _period()
    agency_id = request.args.get("co_quan", type=int)
    body = stats_file(first, last, agency_id, fmt)
    mimetype = "application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = f"thong-ke-mot-cua-{first:%Y%m%d}-{last:%Y%m%d}.{fmt}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'{"inline" if fmt == "pdf" else "attachment"}; filename="{name}"'})


@bp.get("/book.xlsx")
@requires("onestop.work")
def book_xlsx() -> Any:
    """The tracking book as a spreadsheet (A4 landscape when printed)."""
    import io

    from openpyxl import Workbook

    from eoffice.calendar.timezone import to_local

    first, last = _period()
    book = Workbook()
    sheet = book.active
    sheet.title = "So theo doi ho so"
    sheet.append([f"SỔ THEO DÕI HỒ SƠ từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}"])
    sheet.append(["STT", "Mã hồ sơ", "Thủ tục", "Người nộp", "Hình thức", "Ngày nhận", "Hẹn trả", "Ngày có kết quả",
                  "Ngày trả", "Tình trạng", "Đúng hạn / quá hạn"])
    for row in queries.tracking_book(current_user, first, last):
        d = row["dossier"]
        moment = lambda value: to_local(value).strftime("%d/%m/%Y %H:%M") if value else ""  # noqa: E731
        sheet.append([row["number"], d.code, d.title, d.applicant_name, CHANNEL_LABELS[d.channel], moment(d.received_at),
                      moment(d.deadline), moment(d.resolved_at), moment(d.closed_at if d.status == "returned" else None),
                      STATUS_LABELS[d.status], row["timeliness"]])
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    out = io.BytesIO()
    book.save(out)
    return Response(out.getvalue(), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="so-theo-doi-ho-so-{first:%Y%m%d}-{last:%Y%m%d}.xlsx"'})


@bp.route("/procedures", methods=["GET", "POST"])
@requires("onestop.catalogue.manage")
def procedures() -> Any:
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash("Hãy chọn tệp danh mục (.json hoặc .csv).", "error")
        else:
            try:
                counts = catalogue.import_catalogue(current_actor(), upload.read(catalogue.MAX_IMPORT_BYTES + 1), upload.filename)
                flash(f"Đã nhập danh mục: {counts['created']} thủ tục mới, {counts['updated']} thủ tục cập nhật.", "success")
                return redirect(url_for("onestop.procedures"))
            except ServiceError as exc:
                db.session.rollback()
                flash(exc.message, "error")
    return render_template("onestop/procedures.html", procedures=catalogue.list_procedures(active_only=False),
                           ratings=citizen.ratings_summary())
