"""Active content is flagged at upload, polyglots and files that are not PDF inside are refused."""
from __future__ import annotations

from pathlib import Path

import pytest

from eoffice.documents.pdf_inspect import PdfRejected, active_content_in, inspect_pdf
from tests.unit.documents.pdf_factory import ACTIVE_KINDS, make_active_pdf, make_incoming_pdf, make_polyglot_pdf

EXPECTED = {
    "open_action_js": {"javascript", "open_action"},
    "names_js": {"javascript"},
    "launch": {"launch"},
    "embedded_file": {"embedded_file"},
    "rich_media": {"rich_media"},
    "xfa": {"xfa"},
    "page_aa": {"javascript", "additional_actions"},
    "hidden_in_object_stream": {"javascript", "open_action"},
}


@pytest.mark.parametrize("kind", ACTIVE_KINDS)
def test_each_kind_of_active_content_is_flagged_with_a_warning_and_the_document_still_reads(tmp_path: Path, kind: str) -> None:
    report = inspect_pdf(make_active_pdf(tmp_path / f"{kind}.pdf", kind), check_signatures=False)
    assert set(report.active_content) == EXPECTED[kind]
    warning = report.warnings[0]
    assert warning.startswith("Cảnh báo an toàn") and "chỉ cho tải về" in warning and "Hãy" in warning
    assert report.hints.so_ky_hieu == "15/QĐ-UBND", "the clerk still gets the pre-filled fields"


def test_javascript_packed_in_a_compressed_object_stream_is_found_where_a_byte_search_fails(tmp_path: Path) -> None:
    path = make_active_pdf(tmp_path / "an.pdf", "hidden_in_object_stream")
    assert b"/JavaScript" not in path.read_bytes()
    assert "javascript" in active_content_in(path.read_bytes())


def test_an_ordinary_document_and_a_signed_one_have_no_active_content(tmp_path: Path, signed_twice_pdf: Path) -> None:
    plain = inspect_pdf(make_incoming_pdf(tmp_path / "qd.pdf"), check_signatures=False)
    assert plain.active_content == [] and not any("Cảnh báo an toàn" in w for w in plain.warnings)
    assert active_content_in(signed_twice_pdf.read_bytes()) == []


def test_an_open_action_that_only_turns_to_a_page_is_not_active(tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    source = make_incoming_pdf(tmp_path / "qd.pdf")
    writer = PdfWriter(clone_from=PdfReader(source))
    writer._root_object[NameObject("/OpenAction")] = ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")])
    buffer = io.BytesIO()
    writer.write(buffer)
    assert active_content_in(buffer.getvalue()) == []


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_html_page_glued_to_a_pdf_is_refused(tmp_path: Path, where: str) -> None:
    path = make_polyglot_pdf(tmp_path / "van-ban.pdf", where=where)
    assert b"%PDF-" in path.read_bytes()[:1024], "a prefix check would let it through"
    with pytest.raises(PdfRejected) as caught:
        inspect_pdf(path)
    assert caught.value.code == "not_pdf"
    assert "giả mạo" in caught.value.message and "Hãy" in caught.value.message


def test_blank_lines_before_the_header_are_tolerated_as_readers_do(tmp_path: Path) -> None:
    source = make_incoming_pdf(tmp_path / "qd.pdf").read_bytes()
    path = tmp_path / "dong-trong.pdf"
    path.write_bytes(b"\r\n\r\n" + source)
    assert inspect_pdf(path, check_signatures=False).hints.so_ky_hieu == "15/QĐ-UBND"


@pytest.mark.parametrize("payload", [
    b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n",
    b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\nstartxref\n0\n%%EOF\n",
    b"%PDF-1.7\n1 0 obj\n<< /Type /Foo >>\nendobj\ntrailer\n<< /Size 2 >>\nstartxref\n9\n%%EOF\n",
])
def test_a_pdf_header_stuck_on_something_else_is_refused_by_its_structure(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "gia.pdf"
    path.write_bytes(payload)
    with pytest.raises(PdfRejected) as caught:
        inspect_pdf(path)
    assert caught.value.code in {"corrupt", "not_pdf"}
