"""Printing and exporting the incoming and follow-up registers (PDF, Excel, HTML)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from eoffice.calendar import service as calendar
from eoffice.documents import registers
from eoffice.documents.registration import get_register
from eoffice.dates import parse_date
from eoffice.documents.views import parse_int
from eoffice.errors import ServiceError
from eoffice.web.guard import current_actor, requires

bp = Blueprint("incoming_registers", __name__, url_prefix="/incoming/registers", template_folder="templates")

KINDS = {"incoming": "Sổ đăng ký văn bản đến", "followup": "Sổ theo dõi giải quyết văn bản đến"}


@bp.get("/")
@requires("incoming.registers.print")
def index() -> Any:
    available = registers.printable_registers(current_user)
    today = calendar.now().date()
    kind = request.args.get("kind", "incoming")
    rows: list[Any] = []
    chosen = None
    try:
        start = parse_date(request.args.get("from"), "Từ ngày") or today.replace(day=1)
        end = parse_date(request.args.get("to"), "Đến ngày") or today
        if request.args.get("register_id") and kind in KINDS:
            chosen = get_register(parse_int(request.args["register_id"], "Sổ") or 0)
            build = registers.incoming_rows if kind == "incoming" else registers.follow_up_rows
            rows = build(current_actor(), chosen, start, end, request.args.get("q", ""))
    except (ServiceError, ValueError) as exc:
        flash(getattr(exc, "message", "Tham số không hợp lệ."), "error")
        start, end = today.replace(day=1), today
    return render_template("documents/registers.html", registers=available, kind=kind, kinds=KINDS,
                           start=start, end=end, rows=rows, chosen=chosen, q=request.args.get("q", ""))


@bp.get("/export")
@requires("incoming.registers.print")
def export() -> Any:
    try:
        register_id = parse_int(request.args.get("register_id"), "Sổ")
    except ServiceError:
        register_id = None
    if not register_id:
        flash("Chọn sổ cần in rồi bấm Tải PDF hoặc Tải Excel.", "error")
        return redirect(url_for(".index", kind=request.args.get("kind", "incoming")))
    register = get_register(register_id)
    kind, fmt = request.args.get("kind", "incoming"), request.args.get("format", "pdf")
    if kind not in KINDS or fmt not in ("pdf", "xlsx"):
        raise ServiceError("bad_export", "Chọn loại sổ (đến / theo dõi) và định dạng (PDF / Excel).")
    start = parse_date(request.args.get("from"), "Từ ngày") or calendar.now().date()
    end = parse_date(request.args.get("to"), "Đến ngày") or start
    from eoffice.documents import register_export

    header = registers.header(register, start, end)
    if kind == "incoming":
        rows = registers.incoming_rows(current_actor(), register, start, end, request.args.get("q", ""))
        body = register_export.incoming_register_pdf(header, rows) if fmt == "pdf" else register_export.incoming_register_xlsx(header, rows)
        stem = "so-van-ban-den"
    else:
        rows = registers.follow_up_rows(current_actor(), register, start, end, request.args.get("q", ""))
        body = register_export.follow_up_register_pdf(header, rows) if fmt == "pdf" else register_export.follow_up_register_xlsx(header, rows)
        stem = "so-theo-doi-giai-quyet"
    mimetype = "application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    filename = f"{stem}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
