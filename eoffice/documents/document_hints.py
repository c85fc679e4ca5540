"""Read the registration fields off an official document's text (Decree 30/2020 layout).

Why: the clerk registering an incoming document retypes what is printed on it — issuing agency,
số/ký hiệu, date, type, trích yếu, signer. Decree 30 fixes where each sits (Appendix I): the
agency top left above "Số:", the place and date top right, the type name centred in capitals
with the trích yếu under it (or "V/v ..." under the number for a công văn), the signature block
bottom right (authority "TM./KT./Q./TL./TUQ.", position, then the name). Reading positions,
not just the text stream, keeps the two header columns apart however the PDF orders them.

Every hint is optional and is only ever something printed on the page: when in doubt, None.
The input is a list of :class:`TextLine` (positioned runs, from ``pdf_inspect``) or plain text
(:func:`hints_from_text`, e.g. OCR output), where column tests are relaxed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

from eoffice.documents.doc_types import CONG_VAN, DocumentType, type_by_code, type_by_name
from eoffice.documents.notation import Notation, find_notation_in_text
from search.vietnamese import nfc

__all__ = ["TextLine", "DocumentHints", "hints_from_lines", "hints_from_text", "respace_name"]


@dataclass
class TextLine:
    """A run of text on one baseline of one page. ``y`` grows upwards (PDF coordinates)."""

    text: str
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    size: float = 12.0
    bold: bool = False
    italic: bool = False
    page_width: float = 0.0  # 0: position unknown (plain text)

    @property
    def column(self) -> str:
        """"left", "right", "center", or "any" when positions are unknown."""
        if not self.page_width:
            return "any"
        middle = (self.x + self.width / 2) / self.page_width
        if middle < 0.45:
            return "left"
        if middle > 0.55:
            return "right"
        return "center"

    def in_column(self, column: str) -> bool:
        return self.column in (column, "any")


@dataclass
class DocumentHints:
    """What the file reveals for registration. Each field is None when not found."""

    number: Optional[int] = None
    notation: Optional[str] = None  # after the number: "QĐ-UBND", or "2026/QĐ-UBND" with a year
    so_ky_hieu: Optional[str] = None  # "15/QĐ-UBND"
    notation_year: Optional[int] = None
    doc_type_code: Optional[str] = None  # eoffice.documents.doc_types code: "QĐ", "CV" …
    doc_type_name: Optional[str] = None  # "Quyết định"
    doc_type_abbreviation: Optional[str] = None  # "QĐ"; None for Công văn
    issued_date: Optional[date] = None
    place: Optional[str] = None  # "Phú Yên"
    issuer: Optional[str] = None  # "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", as printed
    issuer_parent: Optional[str] = None  # "UBND TỈNH PHÚ YÊN" (cơ quan chủ quản), as printed
    subject: Optional[str] = None  # trích yếu: "V/v triển khai …" or the line(s) under the type name
    signer_name: Optional[str] = None
    signer_authority: Optional[str] = None  # "TM.", "KT.", "Q.", "TL.", "TUQ."
    signer_authority_line: Optional[str] = None  # "TM. ỦY BAN NHÂN DÂN"
    signer_position: Optional[str] = None  # "CHỦ TỊCH", as printed
    urgency: Optional[int] = None  # 1 Khẩn, 2 Thượng khẩn, 3 Hỏa tốc (edXML Priority)


_DATE = re.compile(
    r"(?:(?P<place>[^\n,;:]{2,60}?)\s*,\s*)?ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\s*\.\s*(\S.*)$")
_VV = re.compile(r"^V/[vV]\b")
_RULE = re.compile(r"^[\s_\-–—.=*]+$")
_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA", "ĐỘC LẬP - TỰ DO", "ĐỘC LẬP – TỰ DO")
_SUBJECT_STOP = re.compile(r"^(Căn cứ|Kính gửi|Thực hiện|Theo đề nghị|Điều\s+\d)", re.IGNORECASE)
_NOT_PLACE = re.compile(r"^(Hôm nay|Vào|Từ|Đến|Trước|Sau|Tính đến|Kể từ)\b", re.IGNORECASE)  # "Hôm nay, ngày …" in a body
_URGENCY = {"KHẨN": 1, "THƯỢNG KHẨN": 2, "HỎA TỐC": 3, "HOẢ TỐC": 3}
# Words that start the name of an agency: a header line that begins with one (and has more
# words) is a new agency, not the wrapped tail of the line above ("…MÔI" / "TRƯỜNG").
_AGENCY_WORDS = (
    "ỦY BAN", "UỶ BAN", "UBND", "HỘI ĐỒNG", "HĐND", "BỘ", "SỞ", "PHÒNG", "VĂN PHÒNG", "BAN", "CỤC",
    "CHI CỤC", "TỔNG CỤC", "TRUNG TÂM", "TRƯỜNG", "BỆNH VIỆN", "VIỆN", "TỈNH ỦY", "TỈNH UỶ",
    "THÀNH ỦY", "THÀNH UỶ", "ĐẢNG ỦY", "ĐẢNG UỶ", "CÔNG AN", "BỘ CHỈ HUY", "THANH TRA", "KHO BẠC",
    "NGÂN HÀNG", "BẢO HIỂM", "ĐÀI", "LIÊN ĐOÀN", "MẶT TRẬN", "HỘI", "ĐOÀN", "CHÍNH PHỦ", "THỦ TƯỚNG",
    "QUỐC HỘI", "TÒA ÁN", "TOÀ ÁN", "VIỆN KIỂM SÁT", "CÔNG TY", "TỔNG CÔNG TY", "QUỸ", "ĐẠI HỌC",
    "HỌC VIỆN", "CHI NHÁNH", "ĐỘI", "BỘ TƯ LỆNH", "BAN QUẢN LÝ", "BCĐ", "BAN CHỈ ĐẠO",
)


def _clean(text: str) -> str:
    return " ".join(nfc(text).split())


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _is_motto(text: str) -> bool:
    upper = text.upper()
    return any(m in upper for m in _MOTTO) or "TỰ DO - HẠNH PHÚC" in upper or "HẠNH PHÚC" == upper.strip()


def _starts_agency(text: str) -> bool:
    upper = text.upper()
    for word in _AGENCY_WORDS:
        if upper.startswith(word + " ") and len(upper) > len(word) + 2:
            return True
    return False


def _looks_like_name(text: str) -> bool:
    """A person's name: 2–7 words of letters, each capitalised ("Nguyễn Văn Hòa"). A type name
    in capitals ("QUYẾT ĐỊNH", "TỜ TRÌNH") has the same shape and is not a name."""
    words = text.split()
    if not 2 <= len(words) <= 7 or _is_motto(text) or _starts_agency(text) or type_by_name(text) is not None:
        return False
    if not all(w.isalpha() and w[0].isupper() for w in words):
        return False
    return not _is_upper(text) or len(words) <= 5


def _below(lines: list[TextLine], index: int, *, column: str, max_gap_factor: float) -> Iterable[TextLine]:
    """Lines following ``lines[index]`` in ``column`` while each is close under the previous."""
    previous = lines[index]
    for line in lines[index + 1:]:
        if column != "any" and not line.in_column(column):
            continue
        if previous.page_width and (previous.y - line.y) > max_gap_factor * max(previous.size, line.size):
            return
        yield line
        previous = line


def _sorted(lines: Iterable[TextLine]) -> list[TextLine]:
    cleaned = [TextLine(**{**line.__dict__, "text": _clean(line.text)}) for line in lines]
    return sorted((line for line in cleaned if line.text), key=lambda line: (-round(line.y, 0), line.x))


_UPPER_LABEL = re.compile(r"(?<!\w)SỐ(?=\s*[:.]?\s*\d)")  # "SỐ: 15/QĐ-UBND" printed in capitals


def _label_case(text: str) -> str:
    return _UPPER_LABEL.sub("Số", text)


def _find_notation(lines: list[TextLine]) -> tuple[Optional[Notation], Optional[int]]:
    for index, line in enumerate(lines):
        text = _label_case(line.text)
        if "Số" in text:
            found = find_notation_in_text(text)
            if found is None and index + 1 < len(lines):  # "Số:" and the notation on two runs
                found = find_notation_in_text(text + " " + lines[index + 1].text)
            if found is not None:
                return found, index
    return None, None


def _find_date(lines: list[TextLine]) -> tuple[Optional[date], Optional[str], Optional[int]]:
    """The document's own date: the place-and-date line of the header ("Hà Nội, ngày 15 tháng 3
    năm 2026"), else a header line that starts with "ngày …" (place printed apart). Dates in the
    body ("Căn cứ Nghị quyết … ngày 10 tháng 12 năm 2025") cite other documents and never count:
    the search stops at the first body line."""
    undated: Optional[tuple[date, int]] = None
    for index, line in enumerate(lines[:60]):
        if _SUBJECT_STOP.match(line.text):
            break
        match = _DATE.search(line.text)
        if match is None and index + 1 < len(lines) and "ngày" in line.text:
            match = _DATE.search(line.text + " " + lines[index + 1].text)
        if match is None:
            continue
        try:
            issued = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
        if match["place"]:
            candidate = re.split(r"\s{2,}|\bSố\s*:?\s*\S+\s", match["place"])[-1].strip(" .,-")
            if (candidate and candidate[0].isupper() and len(candidate.split()) <= 6 and not _is_motto(candidate)
                    and not _NOT_PLACE.match(candidate) and not any(ch.isdigit() for ch in candidate)):
                return issued, candidate, index
        if undated is None and line.text[match.start():].lstrip(" .…,").lower().startswith("ngày"):
            undated = (issued, index)
    if undated is not None:
        return undated[0], None, undated[1]
    return None, None, None


def _split_agencies(lines: list[TextLine]) -> list[str]:
    """Group header lines into agency names: wrapped lines join, a line starting a new agency
    (or a change from regular to bold, as Decree 30 prints the issuer) starts the next one."""
    agencies: list[list[TextLine]] = []
    for line in lines:
        new = not agencies or _starts_agency(line.text) or (line.bold != agencies[-1][-1].bold)
        if new:
            agencies.append([line])
        else:
            agencies[-1].append(line)
    return [" ".join(line.text for line in group) for group in agencies]


def _find_issuer(lines: list[TextLine], notation_index: Optional[int], date_index: Optional[int]) -> tuple[Optional[str], Optional[str]]:
    stop = notation_index if notation_index is not None else date_index
    if stop is None:
        return None, None
    header = [
        line for line in lines[:stop]
        if line.in_column("left") and not _RULE.match(line.text) and not _is_motto(line.text)
        and _is_upper(line.text) and _DATE.search(line.text) is None and not _UPPER_LABEL.search(line.text)
    ]
    if not header:
        return None, None
    agencies = _split_agencies(header)
    parent = " ".join(agencies[:-1]) or None
    return agencies[-1], parent


def _find_title(lines: list[TextLine], after: int) -> tuple[Optional[DocumentType], Optional[int]]:
    for index in range(after, min(len(lines), after + 40)):
        text = lines[index].text.strip()
        if not _is_upper(text) or lines[index].column == "left":
            continue
        kind = type_by_name(text)
        if kind is not None:
            return kind, index
    return None, None


def _join_subject(parts: list[str]) -> Optional[str]:
    text = _clean(" ".join(parts))
    return text or None


def _find_vv(lines: list[TextLine], after: int) -> Optional[str]:
    for index in range(after, min(len(lines), after + 15)):
        line = lines[index]
        if _VV.match(line.text) or (line.text.startswith("Về việc") and line.column == "left"):
            parts = [line.text]
            for following in _below(lines, index, column=line.column if line.page_width else "any", max_gap_factor=1.8):
                if _SUBJECT_STOP.match(following.text) or _DATE.search(following.text) or _is_motto(following.text):
                    break
                if not line.page_width and not _continues(parts[-1], following.text):
                    break
                parts.append(following.text)
            return _join_subject(parts)
    return None


def _continues(previous: str, text: str) -> bool:
    """Without positions, a wrapped trích yếu is told from the body by how lines join: the
    next line carries on mid-sentence (lower case or a number) after a line with no full stop."""
    return not previous.rstrip().endswith((".", ":", ";")) and bool(text) and (text[0].islower() or text[0].isdigit())


def _subject_under_title(lines: list[TextLine], title_index: int) -> Optional[str]:
    parts: list[str] = []
    for following in _below(lines, title_index, column="any", max_gap_factor=2.2):
        text = following.text
        if _RULE.match(text) or _SUBJECT_STOP.match(text) or _is_upper(text) or len(parts) >= 4:
            break
        if parts and not following.page_width and not _continues(parts[-1], text):
            break
        parts.append(text)
    return _join_subject(parts)


def _find_signer(lines: list[TextLine], start: int = 0) -> tuple[Optional[str], Optional[str], Optional[str], Optional[str]]:
    """(name, authority prefix, authority line, position) from the page's signature block.
    ``start``: the first line after the document's header (the block is never above it)."""
    candidates = [line for line in lines[start:] if not line.in_column("left") or not line.page_width]
    for index in range(len(candidates) - 1, -1, -1):
        name_line = candidates[index]
        if not _looks_like_name(name_line.text):
            continue
        block: list[str] = []  # uppercase lines just above the name (the signature image between)
        for above in reversed(candidates[max(0, index - 6):index]):
            if name_line.page_width and above.y - name_line.y > 14 * name_line.size:
                break
            if not _is_upper(above.text) or _is_motto(above.text):
                if block:
                    break
                continue
            block.insert(0, above.text)
            if _AUTHORITY.match(above.text):
                break
        if not block:
            continue
        authority = authority_line = None
        match = _AUTHORITY.match(block[0])
        if match:
            authority, authority_line = match.group(1) + ".", block[0]
            rest = block[1:]
            position = " ".join(rest) if rest else match.group(2).strip()
        else:
            position = " ".join(block)
        return respace_name(name_line.text), authority, authority_line, position or None
    return None, None, None, None


def respace_name(name: str) -> str:
    """Put back the spaces a PDF lost between the parts of a name: "TrầnHồng Hà" → "Trần Hồng Hà".
    A Vietnamese syllable never has a capital after a small letter, so that is a word boundary.
    Names in capitals ("TRẦNHỒNG") cannot be told apart and are left as they are."""
    text = nfc(name)
    out = [ch if not (i and ch.isupper() and text[i - 1].islower()) else " " + ch for i, ch in enumerate(text)]
    return " ".join("".join(out).split())


def _find_urgency(lines: list[TextLine]) -> Optional[int]:
    for line in lines[:40]:
        level = _URGENCY.get(line.text.strip(" .").upper())
        if level:
            return level
    return None


def hints_from_lines(first_page: list[TextLine], last_page: Optional[list[TextLine]] = None) -> DocumentHints:
    """Hints from the positioned lines of the first page and the page with the signature block."""
    lines = _sorted(first_page)
    tail = _sorted(last_page) if last_page is not None else lines
    hints = DocumentHints()
    notation, notation_index = _find_notation(lines)
    if notation is not None:
        hints.number, hints.notation, hints.so_ky_hieu = notation.number, notation.notation, notation.so_ky_hieu
        hints.notation_year = notation.year
    hints.issued_date, hints.place, date_index = _find_date(lines)
    hints.issuer, hints.issuer_parent = _find_issuer(lines, notation_index, date_index)
    start = max(i for i in (notation_index, date_index, 0) if i is not None)
    title, title_index = _find_title(lines, start)
    vv = _find_vv(lines, notation_index if notation_index is not None else 0)
    kind: Optional[DocumentType] = title
    if title is not None and title_index is not None:
        hints.subject = _subject_under_title(lines, title_index)
    elif vv is not None:
        kind, hints.subject = type_by_code(CONG_VAN), vv
    elif notation is not None:
        kind = notation.doc_type
    if kind is not None:
        hints.doc_type_code, hints.doc_type_name, hints.doc_type_abbreviation = kind.code, kind.name, kind.abbreviation
    header_end = 0
    if last_page is None:  # one page: the signature block is below the title (or number/date)
        header_end = 1 + max(i for i in (title_index, notation_index, date_index, -1) if i is not None)
    hints.signer_name, hints.signer_authority, hints.signer_authority_line, hints.signer_position = _find_signer(
        tail, header_end)
    hints.urgency = _find_urgency(lines)
    return hints


def hints_from_text(text: str, last_page_text: Optional[str] = None) -> DocumentHints:
    """The same hints from plain text (no positions), e.g. OCR output or a fallback."""
    def to_lines(value: str) -> list[TextLine]:
        return [TextLine(text=part, y=-number) for number, part in enumerate(nfc(value).splitlines())]

    return hints_from_lines(to_lines(text), to_lines(last_page_text) if last_page_text is not None else None)
