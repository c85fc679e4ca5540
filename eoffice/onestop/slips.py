"""Forms of Circular 01/2018 as printable pages and PDF: the receipt and appointment slip (01,
with a QR that opens the public lookup) — A5, Vietnamese fonts."""
from __future__ import annotations

import io
from typing import Any

import qrcode
from fpdf import FPDF

from eoffice.calendar.timezone import to_local
from eoffice.fonts import add_vietnamese_font
from eoffice.onestop.models import CHANNEL_LABELS, COMPONENT_KIND_LABELS, Dossier


def lookup_url(dossier: Dossier, base_url: str) -> str:
    """What the QR holds: the public lookup with the code and the receipt's lookup code."""
    return f"{base_url.rstrip('/')}/tra-cuu?ma={dossier.code}&xn={dossier.lookup_secret}"


def qr_png(text: str) -> bytes:
    image = qrcode.make(text, box_size=6, border=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def receipt_lines(dossier: Dossier) -> dict[str, Any]:
    received = to_local(dossier.received_at)
    due = to_local(dossier.deadline) if dossier.deadline else None
    return {
        "agency": dossier.agency.name, "desk": dossier.owner_unit.name if dossier.owner_unit else "",
        "code": dossier.code, "procedure": dossier.title, "applicant": dossier.applicant_name,
        "address": dossier.applicant_address, "phone": dossier.applicant_phone, "channel": CHANNEL_LABELS[dossier.channel],
        "received": f"{received:%H} giờ {received:%M} phút, ngày {received:%d/%m/%Y}",
        "due": f"{due:%H} giờ {due:%M} phút, ngày {due:%d/%m/%Y}" if due else "(tạm dừng, sẽ báo sau)",
        "components": [f"{c['name']} ({COMPONENT_KIND_LABELS.get(c.get('kind', ''), '')}, {c.get('count', 1)} bản)"
                       for c in dossier.components if c.get("provided")],
        "secret": dossier.lookup_secret,
        "officer": dossier.received_by.full_name if dossier.received_by else "",
    }


def receipt_pdf(dossier: Dossier, base_url: str) -> bytes:
    """Mẫu 01: giấy tiếp nhận hồ sơ và hẹn trả kết quả, A5."""
    lines = receipt_lines(dossier)
    pdf = FPDF(format=(148, 210))  # A5 in mm (the named format warns since fpdf2 2.8.5)
    pdf.set_margins(12, 10, 12)
    pdf.set_auto_page_break(True, 12)
    family = add_vietnamese_font(pdf)
    pdf.add_page()
    pdf.set_font(family, "B", 10)
    pdf.multi_cell(60, 5, lines["agency"].upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    pdf.multi_cell(60, 5, lines["desk"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.image(io.BytesIO(qr_png(lookup_url(dossier, base_url))), x=pdf.w - 12 - 28, y=10, w=28, h=28)
    pdf.set_y(42)
    pdf.set_font(family, "B", 12)
    pdf.multi_cell(0, 6, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.multi_cell(0, 6, f"Mã hồ sơ: {lines['code']}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for label, value in (("Tiếp nhận hồ sơ của", lines["applicant"]), ("Địa chỉ", lines["address"]),
                         ("Số điện thoại", lines["phone"]), ("Nội dung yêu cầu giải quyết", lines["procedure"]),
                         ("Hình thức nộp", lines["channel"])):
        pdf.multi_cell(0, 5.5, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5.5, "Thành phần hồ sơ:", new_x="LMARGIN", new_y="NEXT")
    for number, item in enumerate(lines["components"], start=1):
        pdf.multi_cell(0, 5.5, f"  {number}. {item}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5.5, f"Thời gian nhận hồ sơ: {lines['received']}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "B", 10)
    pdf.multi_cell(0, 5.5, f"Thời gian trả kết quả: {lines['due']}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.multi_cell(0, 5.5, f"Tra cứu tình trạng hồ sơ bằng mã QR, hoặc nhập mã hồ sơ và mã tra cứu {lines['secret']}.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(family, "B", 10)
    pdf.multi_cell(0, 5.5, f"NGƯỜI TIẾP NHẬN\n{lines['officer']}", align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
