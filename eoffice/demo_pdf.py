"""Official-looking Vietnamese PDFs for the demo office (layout of Decree 30/2020 Appendix I:
agency top-left, national motto top-right, number/notation, place and date, type name, subject,
body, signer). Fonts come from the OS (fonts-noto-core, else DejaVu): nothing is downloaded."""
from __future__ import annotations

from datetime import date

from fpdf import FPDF

from eoffice.fonts import serif_font_files


def official_document_pdf(
    *,
    agency_parent: str,
    agency: str,
    number: str,
    notation: str,
    place: str,
    issued: date,
    type_name: str,
    subject: str,
    body: list[str],
    authority: str,
    position: str,
    signer: str,
) -> bytes:
    regular, bold, italic = serif_font_files()
    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 15)
    pdf.add_font("Serif", "", str(regular))
    pdf.add_font("Serif", "B", str(bold))
    pdf.add_font("Serif", "I", str(italic))
    pdf.add_page()
    pdf.set_font("Serif", "", 12)
    top = pdf.get_y()
    pdf.multi_cell(75, 6, agency_parent.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "B", 12)
    pdf.multi_cell(75, 6, agency.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "", 12)
    pdf.multi_cell(75, 7, f"Số: {number}/{notation}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(100, top)
    pdf.set_font("Serif", "B", 12)
    pdf.multi_cell(95, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(100)
    pdf.multi_cell(95, 6, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(100)
    pdf.set_font("Serif", "I", 12)
    pdf.multi_cell(95, 8, f"{place}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    if type_name:
        pdf.set_font("Serif", "B", 14)
        pdf.multi_cell(0, 7, type_name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Serif", "B", 13)
        pdf.multi_cell(0, 7, subject, align="C", new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.set_font("Serif", "", 12)
        pdf.multi_cell(80, 6, f"V/v {subject}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Serif", "", 13)
    for paragraph in body:
        pdf.multi_cell(0, 7, "      " + paragraph, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.ln(8)
    pdf.set_x(110)
    pdf.set_font("Serif", "B", 13)
    pdf.multi_cell(85, 6, f"{authority}\n{position.upper()}" if authority else position.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(18)
    pdf.set_x(110)
    pdf.multi_cell(85, 6, signer, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
