"""Digitisation: paper records scanned to PDF/TIFF/JPEG come in by batch (`eoffice import PATH`
or the batch upload page), are checked one by one, kept byte for byte, given a searchable copy
by `ocrmypdf -l vie`, get their number/notation/date/issuer/type suggested from the text, and
wait for the archivist's review before they are filed into a dossier.

The steps are separate units of work so that one bad file never stops a batch and a batch
stopped half-way continues where it was: `take_in` records each file (stored, or refused with
its reason, or a duplicate by SHA-256) and commits; `process_scan` OCRs one queued scan and
commits; whatever is still `queued` after a crash or restart is picked up again (by the
worker's periodic job, or by running the same import again). The original is never replaced:
the OCR copy is a second stored file beside it.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, Optional

from sqlalchemy import select

from eoffice import current_settings
from eoffice.actor import Actor
from eoffice.audit import service as audit
from eoffice.auth.permissions import authorize
from eoffice.backends import blob_store
from eoffice.db import db, get_or_not_found, utcnow
from eoffice.errors import ServiceError
from eoffice.files import service as files
from eoffice.archive.models import ArchiveDossier, FiledDocument, ImportBatch, ScanImport, ScanState
from eoffice.archive.schemas import FileScanIn
from eoffice.text import nfc
from eoffice.work.unit_of_work import operation

log = logging.getLogger(__name__)

SCAN_TYPES = {"pdf": "application/pdf", "tiff": "image/tiff", "jpeg": "image/jpeg"}
EXTENSIONS = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg"}
OCR_LANGUAGE = "vie"
OCR_SECONDS_PER_PAGE = 60  # a 500-page scan may take hours on one core; a stuck one must not hold the worker forever
OCR_MIN_TIMEOUT_SECONDS = 300


class ScanRejected(ServiceError):
    pass


@dataclass
class Checked:
    kind: str  # pdf | tiff | jpeg
    page_count: int
    text: str = ""  # the text layer a born-digital PDF already has (no OCR needed)
    hints: dict[str, Any] = field(default_factory=dict)


def _sniff(head: bytes) -> Optional[str]:
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    return None


def _hints(hints: Any) -> dict[str, Any]:
    """The suggestions kept on a scan: what the registration hints found, as plain values."""
    number = str(hints.number) if getattr(hints, "number", None) is not None else ""
    issued = hints.issued_date.isoformat() if getattr(hints, "issued_date", None) else ""
    return {k: v for k, v in {
        "number": number, "notation": hints.notation or "", "issued_date": issued, "issuer": hints.issuer or "",
        "doc_type": hints.doc_type_name or "", "subject": hints.subject or "",
    }.items() if v}


def check_scan(path: Path, filename: str) -> Checked:
    """Is this a scan the archive can keep? Raise ScanRejected with the reason otherwise:
    an empty file, one that is not a PDF/TIFF/JPEG, a corrupted or password-protected one."""
    size = path.stat().st_size
    if size == 0:
        raise ScanRejected("empty", "Tệp rỗng (0 byte): hãy quét lại tài liệu.")
    with path.open("rb") as fh:
        kind = _sniff(fh.read(1024))
    if kind is None:
        raise ScanRejected("not_a_scan", f"«{filename}» không phải tệp PDF, TIFF hay JPEG. Hãy quét tài liệu ra một trong các định dạng đó.")
    if kind == "pdf":
        from eoffice.documents.pdf_inspect import PdfRejected, inspect_pdf

        try:
            report = inspect_pdf(path, check_signatures=False)
        except PdfRejected as exc:
            raise ScanRejected(exc.code, exc.message) from exc
        text = "" if report.is_probably_scanned else report.text
        return Checked("pdf", report.page_count, text, _hints(report.hints) if text else {})
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            pages = getattr(image, "n_frames", 1)
            image.seek(pages - 1)
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ScanRejected("corrupted", f"Tệp ảnh «{filename}» bị hỏng (không đọc được hết ảnh): hãy quét lại.") from exc
    return Checked(kind, pages)


# --- Taking files in -------------------------------------------------------------------------
@operation
def new_batch(actor: Actor, label: str, source: str = "web") -> ImportBatch:
    authorize(actor, "archive.keep", None, "Chỉ lưu trữ viên mới nhập bản quét vào kho lưu trữ.")
    batch = ImportBatch(label=nfc(label)[:500], source=source, created_by_id=actor.user_id)
    db.session.add(batch)
    db.session.flush()
    return batch


def _duplicate_of(sha256: str) -> Optional[ScanImport]:
    return db.session.scalars(select(ScanImport).where(
        ScanImport.sha256 == sha256, ScanImport.status.in_([ScanState.QUEUED.value, ScanState.REVIEW.value, ScanState.FILED.value])
    ).order_by(ScanImport.id)).first()


def _spool(stream: BinaryIO) -> tuple[Path, str, int]:
    settings = current_settings()
    directory = settings.data_dir / "tmp"
    directory.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="scan-", dir=directory)
    digest, size = hashlib.sha256(), 0
    with os.fdopen(handle, "wb") as out:
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return Path(name), digest.hexdigest(), size


@operation
def take_in(actor: Actor, batch: ImportBatch, stream: BinaryIO, filename: str) -> ScanImport:
    """Record one file of a batch: refused (with the reason), a duplicate of an earlier scan,
    or stored byte for byte and queued for OCR. Always returns the scan's row: a refusal is
    an outcome of the batch, not an error that stops it."""
    from eoffice.documents.uploads import clean_filename

    authorize(actor, "archive.keep", None, "Chỉ lưu trữ viên mới nhập bản quét vào kho lưu trữ.")
    filename = clean_filename(filename)
    path, sha256, size = _spool(stream)
    try:
        scan = ScanImport(batch_id=batch.id, filename=filename, size=size, sha256=sha256 if size else "", status=ScanState.QUEUED.value)
        earlier = _duplicate_of(sha256) if size else None
        if earlier is not None:
            scan.status, scan.duplicate_of_id = ScanState.DUPLICATE.value, earlier.id
            scan.reason = f"Trùng nội dung với «{earlier.filename}» đã nhập (lô {earlier.batch_id}); không nhập lại."
        else:
            try:
                checked = check_scan(path, filename)
            except ScanRejected as exc:
                scan.status, scan.reason = ScanState.FAILED.value, exc.message
            else:
                with path.open("rb") as fh:
                    blob = blob_store().put(fh, filename=filename, content_type=SCAN_TYPES[checked.kind])
                scan.original = files.record(blob.sha256, filename, SCAN_TYPES[checked.kind], size,
                                             {"page_count": checked.page_count, "scan": checked.kind}, actor.user_id)
                scan.page_count = checked.page_count
                if checked.text:
                    # A born-digital PDF: its own text layer is the text; nothing to OCR.
                    scan.text, scan.suggestions, scan.status = checked.text, checked.hints, ScanState.REVIEW.value
        db.session.add(scan)
        db.session.flush()
        audit.record(actor, "archive.scan_failed" if scan.status == ScanState.FAILED.value else "archive.scan_imported",
                     "archive_scan", scan.id, {"batch": batch.id, "status": scan.status, "file": filename})
        return scan
    finally:
        path.unlink(missing_ok=True)


# --- OCR -------------------------------------------------------------------------------------
def ocr_available() -> bool:
    return shutil.which("ocrmypdf") is not None


def run_ocrmypdf(source: Path, target: Path, sidecar: Path, *, image_dpi: int = 300, pages: int = 1) -> None:
    """`ocrmypdf -l vie` on one file: a searchable PDF/A copy and its text. One thread per OCR
    (OMP_THREAD_LIMIT=1, -j 1) so two imports use the two cores instead of fighting over them.
    Raise ScanRejected with a message when ocrmypdf refuses the file."""
    if not ocr_available():
        raise ScanRejected("ocr_missing", "Máy chủ chưa cài ocrmypdf và Tesseract (gói tesseract-ocr-vie): "
                                          "hãy cài rồi chạy lại, bản quét vẫn được giữ.")
    command = ["ocrmypdf", "-l", OCR_LANGUAGE, "-j", "1", "--skip-text", "--output-type", "pdfa", "--sidecar", str(sidecar),
               "--image-dpi", str(image_dpi), "-q", str(source), str(target)]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=max(OCR_MIN_TIMEOUT_SECONDS, OCR_SECONDS_PER_PAGE * pages), check=False)
    if result.returncode not in (0, 6):  # 6: the page already had text (--skip-text kept it)
        detail = (result.stderr or "").strip().splitlines()[-1:] or [""]
        raise ScanRejected("ocr_failed", f"Không nhận dạng được chữ (ocrmypdf mã lỗi {result.returncode}): {detail[0][:200]}")


@dataclass
class OcrResult:
    scan_id: int
    pdf: Optional[bytes] = None
    text: str = ""
    seconds: float = 0.0
    error: Optional[ScanRejected] = None


def ocr_bytes(scan_id: int, content: bytes, suffix: str, pages: int = 1) -> OcrResult:
    """OCR one original (no database: safe in a worker thread)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ocr-") as folder:
        source, target, sidecar = Path(folder) / f"in{suffix}", Path(folder) / "out.pdf", Path(folder) / "out.txt"
        source.write_bytes(content)
        try:
            run_ocrmypdf(source, target, sidecar, pages=pages)
        except ScanRejected as exc:
            return OcrResult(scan_id, error=exc, seconds=time.perf_counter() - started)
        except subprocess.TimeoutExpired:
            return OcrResult(scan_id, error=ScanRejected("ocr_timeout", "Nhận dạng chữ quá lâu; hãy tách tệp thành nhiều phần nhỏ."),
                             seconds=time.perf_counter() - started)
        text = sidecar.read_text("utf-8", errors="replace") if sidecar.exists() else ""
        return OcrResult(scan_id, target.read_bytes(), nfc(text.replace("\f", "\n")), time.perf_counter() - started)


def _suffix(scan: ScanImport) -> str:
    kind = (scan.original.inspection or {}).get("scan", "pdf") if scan.original else "pdf"
    return {"pdf": ".pdf", "tiff": ".tif", "jpeg": ".jpg"}[kind]


def _read_original(scan: ScanImport) -> bytes:
    assert scan.original is not None
    with blob_store().open(scan.original.sha256) as reader:
        return reader.read()


@operation
def record_ocr(result: OcrResult) -> ScanImport:
    """Keep the OCR copy beside the original and the suggestions, or the reason it failed."""
    from eoffice.documents.document_hints import hints_from_text

    scan = get_or_not_found(ScanImport, result.scan_id, "bản quét")
    if scan.status != ScanState.QUEUED.value:
        return scan  # done meanwhile by another worker
    scan.ocr_seconds = result.seconds
    if result.error is not None:
        scan.status, scan.reason = ScanState.FAILED.value, result.error.message
        return scan
    assert result.pdf is not None
    name = scan.filename.rsplit(".", 1)[0] + ".ocr.pdf"
    blob = blob_store().put(io.BytesIO(result.pdf), filename=name, content_type="application/pdf")
    scan.searchable = files.record(blob.sha256, name, "application/pdf", len(result.pdf),
                                   {"page_count": scan.page_count, "ocr_of": scan.original_id}, None)
    scan.text = result.text
    try:
        scan.suggestions = _hints(hints_from_text(result.text)) if result.text.strip() else {}
    except Exception as exc:  # noqa: BLE001 - suggestions are a convenience, never a reason to fail
        log.warning("suggestions failed for scan %s: %r", scan.id, exc)
        scan.suggestions = {}
    if not result.text.strip():
        scan.reason = "Không nhận dạng được chữ nào (ảnh không có chữ hoặc quá mờ); hãy nhập thông tin văn bản bằng tay."
    scan.status = ScanState.REVIEW.value
    return scan


def queued_ids(batch_id: Optional[int] = None, limit: Optional[int] = None) -> list[int]:
    query = select(ScanImport.id).where(ScanImport.status == ScanState.QUEUED.value).order_by(ScanImport.id)
    if batch_id is not None:
        query = query.where(ScanImport.batch_id == batch_id)
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def process_queued(batch_id: Optional[int] = None, limit: Optional[int] = None, workers: int = 1,
                   progress: Optional[Callable[[ScanImport], None]] = None) -> int:
    """OCR every queued scan (of one batch), `workers` at a time; each result is committed as
    it comes, so a stop loses at most the scans being read. Returns how many were processed.

    A new scan starts as soon as one finishes (at most two per worker read into memory at
    once): waiting for a whole group to finish before starting the next left a core idle
    behind every slow page, which cost the import ~15 % against bare ocrmypdf."""
    from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

    ids = queued_ids(batch_id, limit)
    if not ids:
        return 0
    jobs = []
    for scan_id in ids:
        scan = db.session.get(ScanImport, scan_id)
        if scan is not None and scan.original is not None:
            jobs.append((scan_id, _suffix(scan), scan.page_count or 1))
    waiting = iter(jobs)
    workers = max(1, workers)
    done = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        running: set[Future[OcrResult]] = set()

        def start_next() -> None:
            job = next(waiting, None)
            if job is not None:  # the original is read here: the blob store and the session stay in this thread
                scan_id, suffix, pages = job
                running.add(pool.submit(ocr_bytes, scan_id, _read_original(db.session.get(ScanImport, scan_id)),  # type: ignore[arg-type]
                                        suffix, pages))

        for _ in range(workers * 2):
            start_next()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                running.discard(future)
                scan = record_ocr(future.result())
                done += 1
                if progress is not None:
                    progress(scan)
                start_next()
    return done


@operation
def finish_batch(batch: ImportBatch) -> ImportBatch:
    if not any(s.status == ScanState.QUEUED.value for s in batch.scans):
        batch.finished_at = batch.finished_at or utcnow()
    return batch


@dataclass
class BatchReport:
    imported: list[ScanImport]
    duplicates: list[ScanImport]
    failed: list[ScanImport]
    waiting: list[ScanImport]

    @property
    def lines(self) -> list[str]:
        out = [f"Đã nhập: {len(self.imported)} tệp; trùng: {len(self.duplicates)}; lỗi: {len(self.failed)}"
               + (f"; còn chờ nhận dạng chữ: {len(self.waiting)}" if self.waiting else "")]
        out += [f"  Trùng: {s.filename} – {s.reason}" for s in self.duplicates]
        out += [f"  Lỗi: {s.filename} – {s.reason}" for s in self.failed]
        return out


def report(batch: ImportBatch) -> BatchReport:
    db.session.expire(batch, ["scans"])
    scans = batch.scans
    return BatchReport(
        imported=[s for s in scans if s.status in (ScanState.REVIEW.value, ScanState.FILED.value)],
        duplicates=[s for s in scans if s.status == ScanState.DUPLICATE.value],
        failed=[s for s in scans if s.status == ScanState.FAILED.value],
        waiting=[s for s in scans if s.status == ScanState.QUEUED.value],
    )


def scan_files(path: Path) -> list[Path]:
    """The files of a folder (recursively, sorted) or the one file given."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))


def resumable_batch(label: str) -> Optional[ImportBatch]:
    """The unfinished CLI batch of the same folder, to continue instead of starting anew."""
    return db.session.scalars(select(ImportBatch).where(
        ImportBatch.label == label, ImportBatch.source == "cli", ImportBatch.finished_at.is_(None)
    ).order_by(ImportBatch.id.desc())).first()


def already_taken(batch: ImportBatch) -> set[str]:
    return {s.filename for s in batch.scans}


# --- Review and filing -----------------------------------------------------------------------
@operation
def file_scan(actor: Actor, data: FileScanIn) -> FiledDocument:
    """The archivist's review: the suggestions corrected and the scan filed into a dossier,
    the original and its searchable copy both kept on the filed document."""
    from datetime import date

    from eoffice.archive.dossiers import file_stored

    authorize(actor, "archive.keep", None, "Chỉ lưu trữ viên mới kiểm tra và đưa bản quét vào hồ sơ.")
    scan = get_or_not_found(ScanImport, data.scan_id, "bản quét")
    if scan.status == ScanState.FILED.value:
        raise ServiceError("scan_filed", f"Bản quét «{scan.filename}» đã được đưa vào hồ sơ trước đó.")
    if scan.status != ScanState.REVIEW.value:
        raise ServiceError("scan_not_ready", f"Bản quét «{scan.filename}» {scan.status_label.lower()} nên chưa đưa vào hồ sơ được.")
    dossier = get_or_not_found(ArchiveDossier, data.dossier_id, "hồ sơ")
    known: dict[str, Any] = dict(scan.suggestions or {})
    if known.get("issued_date"):
        known["issued_date"] = date.fromisoformat(known["issued_date"])
    known.setdefault("subject", scan.filename.rsplit(".", 1)[0])
    known["page_count"], known["reliability"] = scan.page_count, 2
    stored = [(scan.original, "original")] + ([(scan.searchable, "ocr")] if scan.searchable is not None else [])
    document = file_stored(actor, dossier, data, stored, known, scan.text)  # type: ignore[arg-type]
    scan.status, scan.filed_document_id = ScanState.FILED.value, document.id
    return document

