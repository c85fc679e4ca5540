"""The archivist's search: filed scans found by an unaccented word of their text, with facets
by dossier and retention beside the others; choosing a facet narrows the results; a hit opens
the page image at the page holding the words, rendered once and then served from the cache;
a reader outside the document's access regime gets neither the hit nor the image."""
from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

from eoffice.archive import digitise, page_images
from eoffice.archive.schemas import FileScanIn
from tests.helpers import html_problems, login, sample_pdf
from tests.integration.archive.conftest import open_dossier
from tests.integration.documents.conftest import actor, run_worker


def two_pages(number: str, second_subject: str) -> bytes:
    """A born-digital PDF whose second page alone names `second_subject`."""
    writer = PdfWriter()
    for pdf in (sample_pdf(number=number), sample_pdf(number=f"{number}b", subject=second_subject)):
        writer.add_page(PdfReader(io.BytesIO(pdf)).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _filed(code: str, number: str, subject: str, regime: int = 1):  # type: ignore[no-untyped-def]
    dossier = open_dossier("luutru", code, access_regime=regime)
    batch = digitise.new_batch(actor("luutru"), f"Lô {number}")
    scan = digitise.take_in(actor("luutru"), batch, io.BytesIO(two_pages(number, subject)), f"scan-{number}.pdf")
    assert scan.status == "review", scan.reason
    return dossier, digitise.file_scan(actor("luutru"), FileScanIn(scan_id=scan.id, dossier_id=dossier.id))


def _client(app, username: str = "luutru"):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login(client, username, "Demo@2026")
    return client


def test_unaccented_search_with_dossier_and_retention_facets_opens_the_page_image_at_the_hit(office):
    complaints, first = _filed("04.NC", "61", "Về việc giải quyết khiếu nại đất đai ở xã Cam Lâm")
    meetings, second = _filed("02.HCTC", "62", "Về việc tổng kết khiếu nại đất đai năm 2026")
    run_worker()  # the index is written by the worker
    client = _client(office)
    page = client.get("/archive/search", query_string={"q": "khieu nai dat dai"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html_problems(html) == []
    assert "2 kết quả" in html and first.archive_code in html and second.archive_code in html
    assert f">{complaints.code}</a> <span class=\"count\">1" in html and f">{meetings.code}</a> <span class=\"count\">1" in html
    assert ">10 năm</a>" in html and ">20 năm</a>" in html
    narrowed = client.get("/archive/search", query_string={"q": "khieu nai dat dai", "retention": "10 năm"}).get_data(as_text=True)
    assert "1 kết quả" in narrowed and first.archive_code in narrowed and second.archive_code not in narrowed
    by_dossier = client.get("/archive/search", query_string={"q": "khieu nai", "dossier": meetings.code}).get_data(as_text=True)
    assert "1 kết quả" in by_dossier and second.archive_code in by_dossier

    hit = client.get(f"/archive/documents/{first.id}/hit", query_string={"q": "cam lam"})
    assert hit.status_code == 302 and f"/archive/documents/{first.id}/pages/2" in hit.headers["Location"]
    viewer = client.get(hit.headers["Location"]).get_data(as_text=True)
    assert html_problems(viewer) == [] and 'data-testid="page-number">2<' in viewer
    image = client.get(f"/archive/documents/{first.id}/pages/2.png")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    cached = page_images._cache() / f"{page_images.page_file(first).sha256}-2.png"  # noqa: SLF001 - the cache is the point
    assert cached.read_bytes() == image.data, "rendered once, then served from the cache"
    assert client.get(f"/archive/documents/{first.id}/pages/3.png").status_code == 404
    assert page_images.page_of_hit(first, "tổng kết") == 1, "no page holds the words: the first page"


def test_a_secret_document_is_neither_found_nor_shown_to_a_reader_outside_its_regime(office):
    _, secret = _filed("03.KT", "63", "Về việc thẩm định dự án đường ven biển", regime=3)
    run_worker()
    outsider = _client(office, "chuyenvien")
    assert "0 kết quả" in outsider.get("/archive/search", query_string={"q": "duong ven bien"}).get_data(as_text=True)
    assert outsider.get(f"/archive/documents/{secret.id}/pages/1.png").status_code == 403
    assert outsider.get(f"/archive/documents/{secret.id}/hit", query_string={"q": "ven bien"}).status_code == 403
