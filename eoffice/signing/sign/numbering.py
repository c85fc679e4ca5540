"""The number/notation (số, ký hiệu) of an electronic document, written in after the leader
has signed and before the agency signs.

Decree 30 numbers electronic documents at issuance, i.e. after the leader's signature. Anything
drawn on the page afterwards (a content-stream change, a new stamp or FreeText annotation) is
"changed after signing" to pyHanko's difference analysis, and the leader's signature stops
counting as intact. Filling in a form field that was already there when the leader signed is
the one change the analysis accepts (PDF form filling, level FORM_FILLING). So the leader's
signature revision carries an empty, read-only text field over the blank after "Số:", and
:func:`stamp_number` only fills it in, as an incremental update."""
from __future__ import annotations

import io
from datetime import date

from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.stamp import TextStamp
from pypdf import PdfReader

from .appearance import Box, find_text, text_style
from .errors import SigningError

__all__ = ["NUMBER_FIELD", "DATE_FIELD", "number_box", "add_text_field", "stamp_number", "with_number_field"]

NUMBER_FIELD = "SoKyHieu"
DATE_FIELD = "NgayBanHanh"
_READ_ONLY = 1  # /Ff bit 1: nobody types into it in a viewer; only stamp_number fills it
_NUMBER_SIZE = 13  # Decree 30: the number/notation is 13 pt


def number_box(reader: PdfReader) -> tuple[int, Box]:
    """0-based page and box of the blank after "Số:" on page 1 (the heading's left column);
    when no "Số:" is found, where Decree 30 puts it: left, about 40 mm from the top."""
    found = find_text(reader, "Số:", pages=[0])
    if found is not None:
        _, x, y = found
        left = x + 0.55 * _NUMBER_SIZE * 3  # past "Số:" and a space
        return 0, (left, y - 4, left + 120, y + _NUMBER_SIZE + 2)
    media = reader.pages[0].mediabox
    left, top = float(media.left) + 30 * 72 / 25.4, float(media.top) - 40 * 72 / 25.4
    return 0, (left, top - 18, left + 160, top)


def add_text_field(writer: IncrementalPdfFileWriter, name: str, page: int, box: Box) -> None:
    """An empty read-only text field with its widget on ``page``, in ``writer``'s revision."""
    page_ref = writer.find_page_for_modification(page)[0]
    field = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/Widget"),
        generic.NameObject("/FT"): generic.NameObject("/Tx"),
        generic.NameObject("/T"): generic.TextStringObject(name),
        generic.NameObject("/Ff"): generic.NumberObject(_READ_ONLY),
        generic.NameObject("/F"): generic.NumberObject(4),  # print
        generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in box]),
        generic.NameObject("/DA"): generic.TextStringObject("/Helv 0 Tf 0 g"),
        generic.NameObject("/P"): page_ref,
    })
    field_ref = writer.add_object(field)
    page_obj = page_ref.get_object()
    raw = page_obj.raw_get("/Annots") if "/Annots" in page_obj else None
    if raw is None:
        page_obj[generic.NameObject("/Annots")] = generic.ArrayObject([field_ref])
        writer.mark_update(page_ref)
    elif isinstance(raw, generic.IndirectObject):
        raw.get_object().append(field_ref)
        writer.mark_update(raw)
    else:
        raw.append(field_ref)
        writer.mark_update(page_ref)
    root = writer.root
    if "/AcroForm" not in root:
        root[generic.NameObject("/AcroForm")] = writer.add_object(
            generic.DictionaryObject({generic.NameObject("/Fields"): generic.ArrayObject([field_ref])}))
        writer.update_root()
        return
    form_raw = root.raw_get("/AcroForm")
    form = form_raw.get_object()
    fields_raw = form.raw_get("/Fields") if "/Fields" in form else None
    if fields_raw is None:
        form[generic.NameObject("/Fields")] = generic.ArrayObject([field_ref])
    else:
        fields_raw.get_object().append(field_ref)
        if isinstance(fields_raw, generic.IndirectObject):
            writer.mark_update(fields_raw)
    if isinstance(form_raw, generic.IndirectObject):
        writer.mark_update(form_raw)
    else:
        writer.update_root()


def _find_field(writer: IncrementalPdfFileWriter, name: str) -> generic.IndirectObject | None:
    form = writer.root.get("/AcroForm")
    if form is None:
        return None
    for ref in form.get_object().get("/Fields", ()):
        if isinstance(ref, generic.IndirectObject) and ref.get_object().get("/T") == name:
            return ref
    return None


def _fill(writer: IncrementalPdfFileWriter, ref: generic.IndirectObject, text: str) -> None:
    """Set /V and a new /N appearance stream: the two keys the difference analysis lets a
    form fill change."""
    field = ref.get_object()
    x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
    stamp = TextStamp(writer, text_style(text, _NUMBER_SIZE),
                      box=layout.BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1)))
    field[generic.NameObject("/V")] = generic.TextStringObject(text)
    field[generic.NameObject("/AP")] = stamp.as_appearances().as_pdf_object()
    writer.mark_update(ref)


def _is_signed(writer: IncrementalPdfFileWriter) -> bool:
    form = writer.root.get("/AcroForm")
    return form is not None and any(
        f.get_object().get("/FT") == "/Sig" and "/V" in f.get_object() for f in form.get_object().get("/Fields", ()))


def stamp_number(pdf: bytes, notation: str, issued_on: date | None = None) -> bytes:
    """Write ``notation`` (e.g. "15/QĐ-UBND", or "15" when the draft prints "/QĐ-UBND") into
    the number field, and the issue date into the date field when the document has one; an
    incremental update that keeps the leader's signature valid.

    An unsigned document without the field gets one (nothing can break). A signed one without
    it is refused: drawing the number anyway would invalidate the leader's signature. A number
    is written once (Decree 30: it is the document's identity); a second one is refused."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except Exception as exc:  # noqa: BLE001 - any parse failure is "not a readable PDF" to the user
        raise SigningError("unreadable_pdf") from exc
    ref = _find_field(writer, NUMBER_FIELD)
    if ref is None:
        if _is_signed(writer):
            raise SigningError("number_field_missing")
        page, box = number_box(PdfReader(io.BytesIO(pdf)))
        add_text_field(writer, NUMBER_FIELD, page, box)
        ref = _find_field(writer, NUMBER_FIELD)
        assert ref is not None
    if ref.get_object().get("/V"):
        raise SigningError("number_already_stamped")
    _fill(writer, ref, notation)
    date_ref = _find_field(writer, DATE_FIELD)
    if issued_on is not None and date_ref is not None:
        _fill(writer, date_ref, f"ngày {issued_on.day:02d} tháng {issued_on.month:02d} năm {issued_on.year}")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_number_field(pdf: bytes) -> bytes | None:
    """The approved PDF made ready for any signing tool: the reviewed bytes unchanged, then one
    incremental update adding the empty number field over the blank after "Số:".

    Why: a leader who signs on their own computer (a USB token tool, SIM signing) signs the file
    they download; if it has no field, no number can be written in afterwards without breaking
    their signature, and the clerk could not issue it. Returns None when there is nothing to
    add (the field is there) or nothing may be added (the PDF is already signed)."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except Exception as exc:  # noqa: BLE001
        raise SigningError("unreadable_pdf") from exc
    if _find_field(writer, NUMBER_FIELD) is not None or _is_signed(writer):
        return None
    add_text_field(writer, NUMBER_FIELD, *number_box(PdfReader(io.BytesIO(pdf))))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def number_field_present(pdf: bytes) -> bool:
    """Whether the document already has the number field (so signing must not add another)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    return _find_field(writer, NUMBER_FIELD) is not None

