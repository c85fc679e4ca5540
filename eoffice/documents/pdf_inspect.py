"""Inspect an uploaded PDF for the incoming-documents flow: validate it, extract its text,
check its digital signatures and pre-fill what it reveals.

Why here and why like this: the clerk must be told at upload — not after registration — that
a file is not a PDF, is password-protected, truncated or empty, in a Vietnamese sentence that
says what to do next (citizens and agencies complain about format errors found too late).
Odd but readable PDFs must never crash the upload: pypdf runs with ``strict=False`` and every
library error is caught and turned into :class:`PdfRejected` or a warning.

Text comes back in NFC: PDFs hand out decomposed (NFD) Vietnamese, which would silently miss
in search and duplicate checks.

    report = inspect_pdf(path, trust_roots=[root_pem_path])
    report.hints.so_ky_hieu, report.signatures[0].trusted
"""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from eoffice.documents.document_hints import DocumentHints, TextLine, hints_from_lines, hints_from_text
from eoffice.signing.validation.pdf import SignatureReport, TrustRoot, read_signatures
from eoffice.errors import ServiceError
from eoffice.text import extracted_text
from search.vietnamese import nfc

log = logging.getLogger(__name__)

__all__ = [
    "PdfRejected", "PdfReport", "inspect_pdf", "check_pdf_bytes", "find_active_content", "active_content_in",
    "active_content_warning", "signature_warnings", "ACTIVE_CONTENT_LABELS", "MAX_TEXT_PAGES", "MAX_TEXT_SECONDS",
]

MAX_TEXT_PAGES = 300  # text beyond this is left to the worker (pypdf takes ~10 ms a page)
MAX_TEXT_SECONDS = 20.0  # and so is text beyond this time: a few pages can hold huge drawings
SCANNED_CHARS_PER_PAGE = 25  # fewer letters than this per page: a scan without a text layer

_UNFINISHED_UPDATE = re.compile(rb"\d+\s+\d+\s+obj\b|\bxref\b|\btrailer\b|\bstartxref\b|/ByteRange")

_TOLERATED_PREFIX = b" \t\r\n\x00\x0c\xef\xbb\xbf"  # blank lines, NULs, a UTF-8 BOM: seen from real tools
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta|\?xml)\b", re.IGNORECASE)

_FORMATS = (  # what people rename to .pdf, by magic bytes
    (b"PK\x03\x04", "tài liệu Word/Excel hoặc tệp nén (ZIP)"),
    (b"\xd0\xcf\x11\xe0", "tài liệu Word/Excel đời cũ (.doc/.xls)"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"\x89PNG", "ảnh PNG"),
    (b"II*\x00", "ảnh TIFF"),
    (b"MM\x00*", "ảnh TIFF"),
    (b"{\\rtf", "tài liệu RTF"),
    (b"Rar!", "tệp nén RAR"),
)


class PdfRejected(ServiceError):
    """The file cannot be accepted as the main document. ``code`` for machines:
    empty, not_pdf, encrypted, corrupt, too_large; ``message`` in Vietnamese for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)


@dataclass
class PdfReport:
    size_bytes: int
    page_count: int
    pdf_version: Optional[str]  # "1.7"
    encrypted: bool  # restrictions with an empty user password: opens, but note it
    text: str  # NFC, pages separated by a blank line
    text_pages: int  # pages whose text was extracted (≤ MAX_TEXT_PAGES)
    text_truncated: bool
    is_probably_scanned: bool  # little or no text layer: OCR it
    signatures: list[SignatureReport] = field(default_factory=list)
    hints: DocumentHints = field(default_factory=DocumentHints)
    warnings: list[str] = field(default_factory=list)  # Vietnamese, for the clerk
    active_content: list[str] = field(default_factory=list)  # ACTIVE_CONTENT_LABELS codes: serve as a download only
    has_signatures: bool = False  # a signature dictionary is present (checked now or in the background)


def _reject_not_pdf(head: bytes) -> PdfRejected:
    for magic, what in _FORMATS:
        if head.startswith(magic):
            return PdfRejected(
                "not_pdf",
                f"Tệp không phải PDF hợp lệ: đây là {what} được đổi đuôi thành .pdf. "
                "Hãy mở tệp gốc, xuất (hoặc in) ra PDF rồi tải lên lại.",
            )
    return PdfRejected(
        "not_pdf",
        "Tệp không phải PDF hợp lệ. Hãy quét lại hoặc xuất lại văn bản ra PDF rồi tải lên lại.",
    )


def check_pdf_bytes(data: bytes, *, max_bytes: Optional[int] = None) -> None:
    """The cheap checks, before any parsing: empty, too large, not a PDF, cut short."""
    if not data:
        raise PdfRejected("empty", "Tệp rỗng (0 byte). Hãy kiểm tra lại tệp trên máy rồi tải lên lại.")
    if max_bytes is not None and len(data) > max_bytes:
        raise PdfRejected(
            "too_large",
            f"Tệp quá lớn ({len(data) / 1048576:.1f} MB, tối đa {max_bytes / 1048576:.0f} MB). "
            "Hãy quét ở độ phân giải 200–300 dpi, nén PDF hoặc tách thành nhiều tệp rồi tải lên lại.",
        )
    header = data.find(b"%PDF-", 0, 1024)
    if header == -1:
        raise _reject_not_pdf(data[:16])
    if header > 0 and data[:header].lstrip(_TOLERATED_PREFIX):
        # Readers skip junk before the header, browsers sniff it: an HTML page with a PDF glued
        # behind it (a polyglot) opens as a document in one and runs as a web page in the other.
        raise _polyglot("có nội dung khác (không phải PDF) nằm trước phần đầu tệp PDF")
    last_eof = data.rfind(b"%%EOF", max(0, len(data) - 2048))
    if last_eof != -1 and _MARKUP.search(data, last_eof + 5):
        raise _polyglot("có mã trang web (HTML/script) nối vào sau phần cuối tệp PDF")
    # After the last %%EOF only padding may follow. PDF structure there means an incremental
    # update (typically the clerk's seal signature) was cut short: the earlier revision still
    # opens and would pass for the whole document.
    if (last_eof == -1 or _UNFINISHED_UPDATE.search(data, last_eof + 5)
            or data.rfind(b"startxref", max(0, last_eof - 1024), last_eof) == -1):
        raise PdfRejected(
            "corrupt",
            "Tệp PDF bị cắt cụt hoặc hỏng (thiếu phần cuối tệp), có thể do tải xuống hoặc sao chép chưa xong. "
            "Hãy lấy lại tệp gốc từ nơi gửi rồi tải lên lại.",
        )


def _polyglot(what: str) -> PdfRejected:
    return PdfRejected(
        "not_pdf",
        f"Tệp không phải PDF hợp lệ: tệp {what}, là dấu hiệu của tệp giả mạo hoặc bị chèn mã độc. "
        "Hãy đề nghị nơi gửi xuất lại văn bản ra PDF (hoặc quét lại) rồi tải lên lại; không mở tệp này bằng trình duyệt.",
    )


def _corrupt(detail: str = "") -> PdfRejected:
    return PdfRejected(
        "corrupt",
        "Tệp PDF bị hỏng, không đọc được" + (f" ({detail})" if detail else "") + ". "
        "Hãy mở thử tệp trên máy; nếu không mở được, đề nghị nơi gửi gửi lại hoặc quét lại văn bản.",
    )


def _open_reader(data: bytes) -> tuple[Any, bool]:
    import io

    from pypdf import PdfReader
    from pypdf import PasswordType

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
        log.info("pypdf could not open the file: %r", exc)
        raise _corrupt() from exc
    encrypted = False
    try:
        encrypted = bool(reader.is_encrypted)
        if encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise PdfRejected(
                "encrypted",
                "Tệp PDF được đặt mật khẩu nên hệ thống không đọc được. Hãy đề nghị nơi gửi gửi bản không đặt "
                "mật khẩu (hoặc mở bằng mật khẩu rồi lưu lại bản không mật khẩu) và tải lên lại.",
            )
    except PdfRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - unsupported encryption, damaged /Encrypt
        raise PdfRejected(
            "encrypted",
            "Tệp PDF được mã hóa theo cách hệ thống không mở được. Hãy đề nghị nơi gửi gửi bản không mã hóa "
            "rồi tải lên lại.",
        ) from exc
    return reader, encrypted


# --- Active content -----------------------------------------------------------------------------
# What a PDF can do besides being read. None of it belongs in an official document; each is
# how malicious PDFs act (run script, start a program, carry another file, phone home).
ACTIVE_CONTENT_LABELS: dict[str, str] = {
    "javascript": "mã JavaScript",
    "open_action": "hành động tự chạy khi mở tệp (OpenAction)",
    "additional_actions": "hành động tự động theo sự kiện (AA)",
    "launch": "lệnh mở chương trình hoặc tệp khác (Launch)",
    "embedded_file": "tệp nhúng bên trong (EmbeddedFile)",
    "rich_media": "nội dung đa phương tiện/Flash (RichMedia)",
    "xfa": "biểu mẫu động XFA",
    "submit_form": "lệnh gửi dữ liệu ra ngoài (SubmitForm/ImportData)",
}
_ACTION_KINDS = {
    "/JavaScript": "javascript", "/Launch": "launch", "/SubmitForm": "submit_form", "/ImportData": "submit_form",
    "/GoToE": "embedded_file", "/Rendition": "rich_media", "/RichMediaExecute": "rich_media",
}
_MAX_SCANNED_OBJECTS = 200_000


def _scan_value(value: Any, found: set[str], depth: int = 0) -> None:
    """Look through one object's direct content (dictionaries and arrays inside it, not the
    indirect objects it points to: those are scanned on their own)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if depth > 32 or isinstance(value, IndirectObject):
        return
    if isinstance(value, DictionaryObject):
        keys = set(value.keys())
        kind = value.get("/S")
        if isinstance(kind, str) and kind in _ACTION_KINDS:
            found.add(_ACTION_KINDS[kind])
        if "/JS" in keys or "/JavaScript" in keys:
            found.add("javascript")
        if "/AA" in keys:
            found.add("additional_actions")
        if "/OpenAction" in keys:
            action = value.get("/OpenAction")
            if isinstance(action, IndirectObject):
                action = action.get_object()
            # A destination ([page /Fit]) or a plain GoTo only turns to a page: not active.
            if isinstance(action, DictionaryObject) and action.get("/S") not in (None, "/GoTo"):
                found.add("open_action")
        if "/EmbeddedFiles" in keys or "/EmbeddedFile" in keys or value.get("/Type") == "/EmbeddedFile" \
                or value.get("/Subtype") in ("/FileAttachment",) or value.get("/Type") == "/Filespec" and "/EF" in keys:
            found.add("embedded_file")
        if value.get("/Subtype") in ("/RichMedia", "/Screen", "/Movie", "/Sound", "/3D") or "/RichMediaContent" in keys:
            found.add("rich_media")
        if "/XFA" in keys:
            found.add("xfa")
        for item in value.values():
            _scan_value(item, found, depth + 1)
    elif isinstance(value, ArrayObject):
        for item in value:
            _scan_value(item, found, depth + 1)


def find_active_content(reader: Any) -> list[str]:
    """Codes (keys of ``ACTIVE_CONTENT_LABELS``) of the active content in a parsed PDF.

    Every indirect object is looked at, including those packed in compressed object streams
    (a byte search would miss them, and ``/J#61vaScript`` spellings too: pypdf decodes names).
    """
    from pypdf.generic import IndirectObject

    found: set[str] = set()
    numbers: set[tuple[int, int]] = set()
    try:
        for generation, table in reader.xref.items():
            numbers.update((number, generation) for number in table)
        numbers.update((number, 0) for number in reader.xref_objStm)
    except Exception as exc:  # noqa: BLE001
        log.info("object table unreadable: %r", exc)
    try:
        _scan_value(reader.trailer, found)
        root = reader.trailer.get("/Root")
        _scan_value(root.get_object() if root is not None else None, found)
    except Exception as exc:  # noqa: BLE001
        log.info("catalog unreadable: %r", exc)
    for index, (number, generation) in enumerate(sorted(numbers)):
        if index >= _MAX_SCANNED_OBJECTS:
            break
        try:
            obj = IndirectObject(number, generation, reader).get_object()
        except Exception:  # noqa: BLE001 - a broken object is not active content
            continue
        _scan_value(obj, found)
    return [code for code in ACTIVE_CONTENT_LABELS if code in found]


def active_content_in(data: bytes) -> list[str]:
    """``find_active_content`` of PDF bytes; a file that cannot be parsed counts as active
    (the caller decides how to serve it, and unknown is not safe)."""
    try:
        reader, _ = _open_reader(data)
        return find_active_content(reader)
    except Exception:  # noqa: BLE001
        return ["unreadable"]


def active_content_warning(codes: Iterable[str]) -> Optional[str]:
    labels = [ACTIVE_CONTENT_LABELS[c] for c in codes if c in ACTIVE_CONTENT_LABELS]
    if not labels:
        return None
    return ("Cảnh báo an toàn: tệp PDF có nội dung chủ động (" + "; ".join(labels) + "). Văn bản hành chính không cần "
            "những nội dung này và mã độc thường ẩn trong đó. Hệ thống vẫn nhận tệp nhưng chỉ cho tải về, không mở "
            "trực tiếp trên trình duyệt. Hãy liên hệ nơi gửi để xác minh và đề nghị gửi lại bản PDF thông thường.")


def _check_structure(reader: Any) -> None:
    """The trailer must name a catalog with a page tree: what pypdf could not find by itself
    (even after rebuilding a broken cross-reference table) is not a PDF document."""
    try:
        root = reader.trailer["/Root"].get_object()
        pages = root["/Pages"].get_object()
    except Exception as exc:  # noqa: BLE001
        raise _corrupt("không có danh mục trang (trailer/Root)") from exc
    if not hasattr(root, "keys") or not hasattr(pages, "keys"):
        raise _corrupt("không có danh mục trang (trailer/Root)")


def _font_style(font: Any) -> tuple[bool, bool]:
    """(bold, italic) from a font dictionary: the name ("TimesNewRomanPS-BoldMT") or descriptor."""
    try:
        name = str(font.get("/BaseFont", "")) if font else ""
        lowered = name.lower()
        bold = any(w in lowered for w in ("bold", "black", "heavy", "semibold", "demi"))
        italic = "italic" in lowered or "oblique" in lowered
        descriptor = font.get("/FontDescriptor") if font else None
        if descriptor is not None:
            descriptor = descriptor.get_object()
            weight = descriptor.get("/FontWeight")
            flags = int(descriptor.get("/Flags", 0) or 0)
            bold = bold or (weight is not None and float(weight) >= 600) or bool(flags & (1 << 18))
            italic = italic or bool(flags & (1 << 6))
        return bold, italic
    except Exception:  # noqa: BLE001
        return False, False


def _estimated_width(text: str, size: float) -> float:
    """Rough advance width of ``text`` (no font metrics needed to tell the columns apart)."""
    total = 0.0
    for ch in text:
        total += 0.27 if ch.isspace() else 0.68 if ch.isupper() else 0.5
    return total * size


def _word_boundary(before: str, after: str) -> bool:
    """Two runs meet between words: a Vietnamese word never has a capital after a small letter
    ("Trần|Hồng"), nor a letter glued to a digit run that starts a new field ("ngày|15")."""
    if not before or not after:
        return False
    a, b = before[-1], after[0]
    return (a.isalpha() and a.islower() and b.isalpha() and b.isupper()) or (a.isalpha() != b.isalpha() and
                                                                            (a.isdigit() or b.isdigit()))


class _LineCollector:
    """Collects positioned text runs from pypdf's visitor and merges them into lines/segments."""

    def __init__(self, page_width: float) -> None:
        self.page_width = page_width
        self.runs: list[TextLine] = []

    def __call__(self, text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if not text or not text.strip():
            return
        try:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = (abs(tm[3] * cm[3]) or 1.0)
            effective = float(size or 12.0) * scale
        except Exception:  # noqa: BLE001
            return
        bold, italic = _font_style(font)
        for offset, part in enumerate(extracted_text(text).split("\n")):
            part = part.strip()
            if part.strip():
                line_y = y - offset * effective * 1.2
                self.runs.append(TextLine(text=part, x=x, y=line_y, width=_estimated_width(part, effective),
                                          size=effective, bold=bold, italic=italic, page_width=self.page_width))

    def lines(self) -> list[TextLine]:
        """Runs on one baseline joined left to right; a wide gap starts a new segment (column)."""
        baselines: list[list[TextLine]] = []
        for run in sorted(self.runs, key=lambda r: -r.y):
            if baselines and abs(baselines[-1][0].y - run.y) <= 0.4 * max(baselines[-1][0].size, run.size):
                baselines[-1].append(run)
            else:
                baselines.append([run])
        merged: list[TextLine] = []
        for runs in baselines:
            last: Optional[TextLine] = None
            for run in sorted(runs, key=lambda r: r.x):
                gap = run.x - (last.x + last.width) if last is not None else 0.0
                if last is not None and gap < 2.5 * max(last.size, run.size):
                    joiner = "" if last.text.endswith(" ") or run.text.startswith(" ") or gap < 0.1 * run.size else " "
                    if not joiner and _word_boundary(last.text, run.text):
                        joiner = " "  # widths are estimated: "Trần" + "Hồng Hà" must not become "TrầnHồng"
                    last.text = last.text + joiner + run.text
                    last.width = max(last.width, run.x + run.width - last.x)
                    last.bold = last.bold and run.bold
                else:
                    last = TextLine(**run.__dict__)
                    merged.append(last)
        return merged


# Annotations whose text is part of what the page shows: form fields (the number and date a
# signing tool stamps into the blanks "Số:   /QĐ-UBND", "ngày   tháng"), free text, stamps.
_TEXT_ANNOTATIONS = ("/Widget", "/FreeText", "/Stamp")
_HIDDEN_FLAGS = 1 | 2 | 32  # Invisible, Hidden, NoView (PDF 32000 table 165)
_MAX_ANNOTATIONS = 200


def _matrix(values: Any) -> tuple[float, ...]:
    try:
        numbers = tuple(float(v) for v in values)
        return numbers if len(numbers) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    except Exception:  # noqa: BLE001
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _appearance_runs(page: Any, annotation: Any, rect: list[float], page_width: float) -> list[TextLine]:
    """Text of the annotation's normal appearance, placed on the page: form space → /Matrix →
    fitted to /Rect (PDF 32000 §12.5.5)."""
    appearance = annotation.get("/AP")
    stream = appearance.get_object().get("/N") if appearance is not None else None
    if stream is None:
        return []
    stream = stream.get_object()
    if hasattr(stream, "keys") and "/BBox" not in stream:  # /N is a dictionary of states (check boxes)
        state = annotation.get("/AS")
        stream = stream.get(state).get_object() if state is not None and state in stream else None
    if stream is None or "/BBox" not in stream:
        return []
    matrix = _matrix(stream.get("/Matrix", (1, 0, 0, 1, 0, 0)))
    x0, y0, x1, y1 = (float(v) for v in stream["/BBox"])
    corners = [_apply(matrix, x, y) for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1))]
    bx0, by0 = min(c[0] for c in corners), min(c[1] for c in corners)
    bx1, by1 = max(c[0] for c in corners), max(c[1] for c in corners)
    sx = (rect[2] - rect[0]) / (bx1 - bx0) if bx1 > bx0 else 1.0
    sy = (rect[3] - rect[1]) / (by1 - by0) if by1 > by0 else 1.0
    collector = _LineCollector(page_width)
    page.extract_xform_text(stream, visitor_text=collector)
    runs = []
    for run in collector.runs:
        fx, fy = _apply(matrix, run.x, run.y)
        run.x, run.y = rect[0] + (fx - bx0) * sx, rect[1] + (fy - by0) * sy
        run.size, run.width = run.size * sy, run.width * sx
        runs.append(run)
    return runs


def annotation_runs(page: Any) -> list[TextLine]:
    """Positioned text of the page's visible text-bearing annotations: what the appearance
    stream draws, else the field value (/V) or the annotation's /Contents at its /Rect."""
    runs: list[TextLine] = []
    try:
        annotations = page.get("/Annots")
        annotations = annotations.get_object() if annotations is not None else []
        page_width = float(page.mediabox.width)
    except Exception:  # noqa: BLE001
        return runs
    for reference in list(annotations)[:_MAX_ANNOTATIONS]:
        try:
            annotation = reference.get_object()
            if annotation.get("/Subtype") not in _TEXT_ANNOTATIONS or int(annotation.get("/F", 0) or 0) & _HIDDEN_FLAGS:
                continue
            rect = [float(v) for v in annotation["/Rect"]]
            rect = [min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3])]
            drawn = _appearance_runs(page, annotation, rect, page_width)
            if drawn:
                runs.extend(drawn)
                continue
            value = annotation.get("/V", annotation.get("/Contents"))
            if isinstance(value, str) and value.strip():
                size = min(12.0, max(6.0, rect[3] - rect[1] - 2))
                for offset, part in enumerate(extracted_text(value).splitlines()):
                    if part.strip():
                        runs.append(TextLine(text=part.strip(), x=rect[0] + 2, y=rect[3] - size * (1 + 1.2 * offset),
                                             width=_estimated_width(part.strip(), size), size=size, page_width=page_width))
        except Exception as exc:  # noqa: BLE001 - one odd annotation must not lose the page
            log.info("annotation text skipped: %r", exc)
    return runs


def _page_text(page: Any, collector: Optional[_LineCollector]) -> str:
    """The page's text and, after it, the text its visible annotations show (a stamped number
    or date must be searchable too). ``collector`` also gets the annotations' positioned runs."""
    text = page.extract_text() if collector is None else page.extract_text(visitor_text=collector)
    extra = annotation_runs(page)
    if collector is not None:
        collector.runs.extend(extra)
    if extra:
        text = (text or "") + "\n" + "\n".join(run.text for run in extra)
    return extracted_text(text)


def _extract_text(reader: Any, page_count: int, max_pages: int,
                  max_seconds: float) -> tuple[list[str], list[int], list[TextLine], bool]:
    """NFC text of the first pages, within a page and a time budget. Returns the texts, the
    pages that failed, the positioned lines of page 1 and whether time ran out."""
    texts: list[str] = []
    failed: list[int] = []
    first_lines: list[TextLine] = []
    deadline = time.monotonic() + max_seconds
    for index in range(min(page_count, max(1, max_pages))):
        if index and time.monotonic() > deadline:
            return texts, failed, first_lines, True
        collector = None
        try:
            page = reader.pages[index]
            if index == 0:
                collector = _LineCollector(float(page.mediabox.width))
            text = _page_text(page, collector)
        except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
            log.info("text of page %d failed: %r", index + 1, exc)
            failed.append(index + 1)
            text = ""
        texts.append(nfc(text or ""))
        if collector is not None:
            first_lines = collector.lines()
    return texts, failed, first_lines, False


def _last_page(reader: Any, page_count: int, texts: list[str]) -> tuple[Optional[list[TextLine]], Optional[str]]:
    """Positioned lines and text of the last page (None for a one-page document)."""
    if page_count < 2:
        return None, None
    try:
        page = reader.pages[page_count - 1]
        collector = _LineCollector(float(page.mediabox.width))
        text = nfc(_page_text(page, collector) or "")
    except Exception as exc:  # noqa: BLE001
        log.info("text of the last page failed: %r", exc)
        return None, texts[page_count - 1] if page_count <= len(texts) else None
    return collector.lines(), text


def _merge_hints(primary: DocumentHints, fallback: DocumentHints) -> DocumentHints:
    for name, value in fallback.__dict__.items():
        if getattr(primary, name) is None and value is not None:
            setattr(primary, name, value)
    return primary


def inspect_pdf(
    path: Union[Path, str],
    *,
    trust_roots: Optional[Iterable[TrustRoot]] = None,
    max_pages_text: int = MAX_TEXT_PAGES,
    max_seconds_text: float = MAX_TEXT_SECONDS,
    max_bytes: Optional[int] = None,
    check_signatures: bool = True,
    received_at: Optional[datetime] = None,
) -> PdfReport:
    """Validate the PDF at ``path`` and report what it contains.

    Raises :class:`PdfRejected` for files that cannot be the main document. ``trust_roots``:
    CA certificates (PEM/DER bytes or files, asn1crypto or cryptography objects) a signature
    must chain to for ``trusted``; none means every signature is reported untrusted.
    ``check_signatures=False`` leaves the signatures to the worker (``has_signatures`` says
    whether there are any); ``received_at`` is when the file reached the office.
    """
    data = Path(path).read_bytes()
    check_pdf_bytes(data, max_bytes=max_bytes)
    reader, encrypted = _open_reader(data)
    _check_structure(reader)
    try:
        page_count = len(reader.pages)
    except Exception as exc:  # noqa: BLE001
        raise _corrupt("không đọc được danh sách trang") from exc
    if page_count == 0:
        raise _corrupt("tệp không có trang nào")
    version = None
    try:
        version = reader.pdf_header.removeprefix("%PDF-").strip() or None
    except Exception:  # noqa: BLE001
        pass

    warnings: list[str] = []
    active = find_active_content(reader)
    if active:
        warnings.append(active_content_warning(active) or "")
    if encrypted:
        warnings.append("Tệp PDF có đặt hạn chế quyền (mật khẩu chủ sở hữu); hệ thống vẫn đọc được nội dung.")
    texts, failed_pages, first_lines, elapsed_out = _extract_text(reader, page_count, max_pages_text, max_seconds_text)
    text_pages = len(texts)
    if failed_pages and len(failed_pages) == text_pages:
        raise _corrupt("không đọc được nội dung trang nào")
    if failed_pages:
        warnings.append("Không đọc được chữ ở trang " + ", ".join(map(str, failed_pages)) + ".")
    if text_pages < page_count:
        why = "quá thời gian cho phép" if elapsed_out else f"giới hạn {max_pages_text} trang"
        warnings.append(f"Tệp có {page_count} trang; hệ thống mới đọc chữ của {text_pages} trang đầu ({why}), "
                        "phần còn lại sẽ được xử lý sau.")
    text = "\n\n".join(texts).strip()
    letters = sum(ch.isalpha() for ch in text)
    scanned = letters < SCANNED_CHARS_PER_PAGE * max(1, text_pages)
    if scanned:
        warnings.append("Tệp là bản quét, không có lớp chữ (text layer): hệ thống vẫn nhận tệp; "
                        "cần nhận dạng chữ (OCR) và nhập tay thông tin văn bản.")
    # The signature block is on the last page, which the cap above may have skipped.
    last_lines, last_text = _last_page(reader, page_count, texts)

    hints = DocumentHints()
    if not scanned:
        try:
            hints = hints_from_lines(first_lines, last_lines)
            hints = _merge_hints(hints, hints_from_text(texts[0], last_text))
        except Exception as exc:  # noqa: BLE001 - hints are a convenience, never a reason to refuse
            log.warning("reading hints failed: %r", exc)
            hints = DocumentHints()

    signatures = read_signatures(data, trust_roots, received_at=received_at) if check_signatures else []
    warnings.extend(signature_warnings(signatures))
    return PdfReport(
        size_bytes=len(data), page_count=page_count, pdf_version=version, encrypted=encrypted,
        text=text, text_pages=text_pages, text_truncated=text_pages < page_count,
        is_probably_scanned=scanned, signatures=signatures, hints=hints, warnings=warnings, active_content=active,
        has_signatures=b"/ByteRange" in data,
    )


def signature_warnings(reports: Iterable[SignatureReport]) -> list[str]:
    """One Vietnamese warning per signature the clerk must not trust as it stands: broken, or
    followed by changes that are not later signatures or annotations (tampering). Shared by the
    upload check and the background check (eoffice.signing.validation.background)."""
    warnings = []
    for report in reports:
        who = report.signer_common_name or report.field_name or "không rõ người ký"
        if report.error:
            warnings.append(f"Không kiểm tra được chữ ký số \"{who}\": {report.error}")
        elif not report.intact or not report.valid:
            warnings.append(f"Chữ ký số \"{who}\" không toàn vẹn hoặc không hợp lệ: đề nghị nơi gửi gửi lại văn bản.")
        elif report.modifications_allowed is False:
            warnings.append(f"Tệp đã bị sửa nội dung sau khi \"{who}\" ký số (không phải chữ ký bổ sung): "
                            "hãy đối chiếu với nơi gửi trước khi đăng ký.")
    return warnings
