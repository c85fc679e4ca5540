"""A search hit in a scan's text opens the page image at the hit.

The page is found in the searchable PDF's own text layer (the OCR copy, else the original):
each page's text is folded (no accents, lowercase) like the search index folds it, and the
first page holding every word typed is the hit's page. The per-page texts and the rendered
PNGs (`pdftoppm` from poppler-utils) are cached under the data folder, by SHA-256, so a scan
is read and a page drawn once; a cache entry appears only complete (written then renamed).
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from eoffice import current_settings
from eoffice.backends import blob_store
from eoffice.errors import ServiceError
from eoffice.files.models import StoredFile
from eoffice.archive.models import FiledDocument
from search.vietnamese import fold

RENDER_DPI = 110  # readable on screen, a few hundred KB per A4 page
RENDER_TIMEOUT_SECONDS = 60
_WORD = re.compile(r"\w+")


def _cache() -> Path:
    directory = current_settings().data_dir / "cache" / "archive-pages"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _write_atomically(target: Path, data: bytes) -> None:
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(name, target)


def page_file(document: FiledDocument) -> Optional[StoredFile]:
    """The PDF whose pages are shown: the searchable OCR copy, else a PDF original."""
    by_role = {f.role: f.stored for f in document.files}
    for role in ("ocr", "original"):
        stored = by_role.get(role)
        if stored is not None and stored.content_type == "application/pdf":
            return stored
    return None


def page_texts(stored: StoredFile) -> list[str]:
    """Each page's folded text, read once per blob."""
    cached = _cache() / f"{stored.sha256}.json"
    if cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    try:
        reader = PdfReader(io.BytesIO(blob_store().read_bytes(stored.sha256)))
        texts = [fold(page.extract_text() or "").lower() for page in reader.pages]
    except (PdfReadError, ValueError, KeyError):
        texts = []
    _write_atomically(cached, json.dumps(texts, ensure_ascii=False).encode("utf-8"))
    return texts


def page_of_hit(document: FiledDocument, text: str) -> int:
    """The first page holding every word of `text` (accents or not); else the page with the
    most of them; 1 when nothing matches (the hit was in the metadata)."""
    stored = page_file(document)
    words = [fold(w).lower() for w in _WORD.findall(text or "")]
    if stored is None or not words:
        return 1
    best, best_count = 1, 0
    for number, page in enumerate(page_texts(stored), start=1):
        present = set(_WORD.findall(page))
        count = sum(1 for w in words if w in present)
        if count == len(words):
            return number
        if count > best_count:
            best, best_count = number, count
    return best


def page_image(document: FiledDocument, page: int) -> Path:
    """The PNG of one page (rendered once, then from the cache)."""
    stored = page_file(document)
    if stored is None:
        raise ServiceError("no_pages", f"Văn bản {document.archive_code} không có tệp PDF nên không xem được trang ảnh; "
                                       "hãy tải tệp gốc.")
    pages = stored.page_count or len(page_texts(stored))
    if not 1 <= page <= max(pages, 1):
        raise ServiceError("no_such_page", f"Văn bản {document.archive_code} có {pages} trang; hãy chọn trang từ 1 đến {pages}.")
    target = _cache() / f"{stored.sha256}-{page}.png"
    if target.exists():
        return target
    with tempfile.TemporaryDirectory(dir=_cache()) as work:
        source = Path(work) / "in.pdf"
        source.write_bytes(blob_store().read_bytes(stored.sha256))
        result = subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(RENDER_DPI), "-png", "-singlefile",
                                 str(source), str(Path(work) / "page")], capture_output=True, timeout=RENDER_TIMEOUT_SECONDS,
                                check=False)
        rendered = Path(work) / "page.png"
        if result.returncode != 0 or not rendered.exists():
            raise ServiceError("render_failed", f"Không dựng được ảnh trang {page} của văn bản {document.archive_code}; "
                                                "hãy tải tệp gốc để xem.")
        _write_atomically(target, rendered.read_bytes())
    return target
