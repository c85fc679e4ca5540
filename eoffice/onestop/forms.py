"""Forms 02–05 of Circular 01/2018/TT-VPCP as printable slips (HTML print view and A5/A4 PDF):
02 request to supplement, 03 refusal, 04 apology with a new date, 05 process control sheet.

Why data (eoffice/onestop/data/forms.json): the circular's wording is the law's, and Decree
118/2025 is replacing it (DOMAIN.md §2); a changed form is an edited file, not a release. This
module only fills the placeholders from the dossier and lays the paragraphs out; the HTML view
and the PDF use the same filled form, so they never say different things.

Each form applies at its moment: 02 once a supplement was requested, 03 once refused, 04 once
the date was moved by an apology, 05 always (one row per hand-off of the control sheet).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from fpdf import FPDF

from eoffice.calendar.timezone import to_local
from eoffice.errors import ServiceError
from eoffice.fonts import add_vietnamese_font
from eoffice.onestop.models import Dossier

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
SIZES = {"A5": (148.0, 210.0), "A4": (210.0, 297.0)}
NUMBERS = ("02", "03", "04", "05")


@lru_cache(maxsize=1)
def definitions() -> dict[str, dict[str, Any]]:
    text = resources.files("eoffice.onestop").joinpath("data/forms.json").read_text(encoding="utf-8")
    return {key: value for key, value in json.loads(text).items() if not key.startswith("_")}


@dataclass
class FilledForm:
    """One form filled for one dossier: what both the HTML view and the PDF print."""

    number: str
    label: str  # "Mẫu số 02"
    title: str
    size: str
    slug: str
    agency: str
    desk: str
    place_date: str
    paragraphs: list[Any] = field(default_factory=list)  # str | ("list", [items]) | ("table", columns, rows)
    signer: str = ""
    signer_note: str = ""
    signer_name: str = ""

    @property
    def filename(self) -> str:
        return f"{self.slug}.pdf"


def _moment(value: Any) -> str:
    if value is None:
        return "(tạm dừng tính thời hạn)"
    local = to_local(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def _last_event(dossier: Dossier, kind: str) -> Optional[Any]:
    found = [e for e in dossier.events if e.kind == kind]
    return found[-1] if found else None


def applies(dossier: Dossier, number: str) -> bool:
    """Whether form `number` has something to say for the dossier now."""
    rule = definitions()[number]["applies"]
    if rule == "always":
        return True
    if rule == "apologised":
        return dossier.original_due is not None
    return _last_event(dossier, rule) is not None


def available(dossier: Dossier) -> list[tuple[str, str]]:
    """(number, title) of the forms that apply to the dossier now, for its page."""
    return [(n, definitions()[n]["title"]) for n in NUMBERS if applies(dossier, n)]


def fields(dossier: Dossier) -> dict[str, str]:
    """Every value a form's placeholders may name."""
    from eoffice.onestop.clock import now

    supplement = _last_event(dossier, "supplement_requested")
    pauses = [e for e in dossier.clock_events if e.kind in ("pause", "return")]
    refusal = _last_event(dossier, "refused")
    officer = supplement.actor_name if supplement is not None else (dossier.received_by.full_name if dossier.received_by else "")
    return {
        "agency": dossier.agency.name, "desk": dossier.owner_unit.name if dossier.owner_unit else dossier.agency.name,
        "code": dossier.code, "procedure": dossier.title, "applicant": dossier.applicant_name,
        "address": dossier.applicant_address or "…", "phone": dossier.applicant_phone or "…",
        "email": dossier.applicant_email or "…", "received": _moment(dossier.received_at),
        "received_date": f"{to_local(dossier.received_at):%d/%m/%Y}", "due": _moment(dossier.deadline),
        "original_due": _moment(dossier.original_due), "new_due": _moment(dossier.deadline),
        "apology_reason": dossier.apology_reason, "refusal_reason": dossier.refusal_reason,
        "refused_by": refusal.actor_name if refusal is not None else "",
        "supplement_note": (pauses[-1].note if pauses and pauses[-1].note else "Hồ sơ chưa đầy đủ, chưa đúng quy định."),
        "officer": officer, "today": f"ngày {now():%d} tháng {now():%m} năm {now():%Y}",
    }


class _Fields(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:  # an unknown placeholder prints as a blank, never crashes
        return "…"


def _control_rows(dossier: Dossier) -> list[list[str]]:
    from eoffice.onestop.processing import control_sheet

    rows = []
    for number, row in enumerate(control_sheet(dossier), start=1):
        given = f"{number}. Giao: {row['from'] or dossier.agency.name}\nNhận: {row['to']}\n({row['step']})"
        times = f"Giao: {_moment(row['at'])}\nHạn: {_moment(row['due']) if row['due'] else '—'}"
        if row["done_at"]:
            times += f"\nXong: {_moment(row['done_at'])}"
        rows.append([given, times, row["timeliness"] or "Đang xử lý", row["result"] or ""])
    return rows


def _missing(dossier: Dossier) -> list[str]:
    event = _last_event(dossier, "supplement_requested")
    if event is not None and (event.data or {}).get("missing"):
        return list(event.data["missing"])
    return list(dossier.missing_items)


def fill(dossier: Dossier, number: str, size: Optional[str] = None) -> FilledForm:
    """Form `number` filled for the dossier; refused with a message when it does not apply."""
    if number not in NUMBERS:
        raise ServiceError("unknown_form", f"Không có mẫu phiếu số «{number}»; các mẫu là 02, 03, 04, 05.")
    spec = definitions()[number]
    if not applies(dossier, number):
        reason = {"02": "chưa có yêu cầu bổ sung", "03": "không bị từ chối", "04": "chưa hẹn lại ngày trả"}.get(number, "")
        raise ServiceError("form_not_applicable", f"Hồ sơ {dossier.code} {reason} nên không có {spec['title'].lower()}.")
    values = _Fields(fields(dossier))
    paragraphs: list[Any] = []
    for part in spec["body"]:
        if isinstance(part, str):
            paragraphs.append(part.format_map(values))
        elif part.get("list") == "missing":
            paragraphs.append(("list", _missing(dossier)))
        elif part.get("table") == "control":
            paragraphs.append(("table", list(spec.get("columns") or []), _control_rows(dossier)))
    chosen = (size or spec.get("size") or "A5").upper()
    return FilledForm(
        number=number, label=spec["number"], title=spec["title"], size=chosen if chosen in SIZES else "A5",
        slug=f"{spec['slug']}-{dossier.code}", agency=values["agency"], desk=values["desk"],
        place_date=values["today"].capitalize(), paragraphs=paragraphs, signer=spec.get("signer", ""),
        signer_note=spec.get("signer_note", ""), signer_name=spec.get("signer_name", "").format_map(values),
    )


def form_pdf(form: FilledForm) -> bytes:
    """The filled form as a PDF of its paper size, Vietnamese fonts embedded."""
    width, height = SIZES[form.size]
    pdf = FPDF(format=(width, height))
    margin = 12 if form.size == "A5" else 20
    pdf.set_margins(margin, 10, margin)
    pdf.set_auto_page_break(True, 12)
    family = add_vietnamese_font(pdf)
    pdf.add_page()
    usable = width - 2 * margin
    left, right = usable * 0.42, usable * 0.58
    top = pdf.get_y()
    pdf.set_font(family, "B", 9)
    pdf.multi_cell(left, 4.5, form.agency.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    pdf.multi_cell(left, 4.5, form.desk, align="C", new_x="LMARGIN", new_y="NEXT")
    below_left = pdf.get_y()
    pdf.set_xy(margin + left, top)
    pdf.set_font(family, "B", 9)
    pdf.multi_cell(right, 4.5, MOTTO[0], align="C", new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(right, 4.5, MOTTO[1], align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(family, "I", 9)
    pdf.multi_cell(right, 4.5, form.place_date, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(below_left, pdf.get_y()) + 3)
    pdf.set_font(family, "I", 8)
    pdf.multi_cell(0, 4, form.label, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "B", 12)
    pdf.multi_cell(0, 6, form.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(family, "", 10)
    for part in form.paragraphs:
        if isinstance(part, str):
            pdf.multi_cell(0, 5.5, part, new_x="LMARGIN", new_y="NEXT")
        elif part[0] == "list":
            for number, item in enumerate(part[1], start=1):
                pdf.multi_cell(0, 5.5, f"  {number}. {item}", new_x="LMARGIN", new_y="NEXT")
        elif part[0] == "table":
            _table(pdf, family, part[1], part[2], usable)
    if form.signer:
        pdf.ln(4)
        pdf.set_font(family, "B", 10)
        pdf.set_x(margin + usable / 2)
        pdf.multi_cell(usable / 2, 5.5, form.signer, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "I", 9)
        pdf.set_x(margin + usable / 2)
        pdf.multi_cell(usable / 2, 5, form.signer_note, align="C", new_x="LMARGIN", new_y="NEXT")
        if form.signer_name:
            pdf.ln(10)
            pdf.set_font(family, "B", 10)
            pdf.set_x(margin + usable / 2)
            pdf.multi_cell(usable / 2, 5.5, form.signer_name, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _table(pdf: FPDF, family: str, columns: list[str], rows: list[list[str]], usable: float) -> None:
    pdf.ln(2)
    widths = [usable * share for share in (0.34, 0.32, 0.18, 0.16)]
    pdf.set_font(family, "B", 8)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4, first_row_as_headings=True) as table:
        header = table.row()
        for name in columns:
            header.cell(name)
        pdf.set_font(family, "", 8)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)


def form_pdf_bytes(dossier: Dossier, number: str, size: Optional[str] = None) -> tuple[bytes, str]:
    """(PDF, filename) of form `number` for the dossier."""
    form = fill(dossier, number, size)
    return form_pdf(form), form.filename


__all__ = ["FilledForm", "applies", "available", "definitions", "fill", "form_pdf", "form_pdf_bytes"]
