"""DOCX (and DOC, ODT) drafts become PDF with LibreOffice headless, when it is installed.

The approval chain approves, and the signer signs, a PDF: its SHA-256 is what is fixed at
approval. Specialists write in Word, so a DOCX is converted once, at upload, and the PDF is the
version; the DOCX is kept beside it for the next edit. Without `soffice` on the machine a DOCX
is refused with a message saying to upload a PDF — never silently stored as a body nobody can
sign. Each conversion uses its own LibreOffice profile folder, so parallel uploads do not
collide on the profile lock.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from eoffice.errors import ServiceError

CONVERTIBLE = frozenset({".docx", ".doc", ".odt"})
TIMEOUT_SECONDS = 180


class ConversionFailed(ServiceError):
    pass


def soffice_path() -> Optional[str]:
    return shutil.which("soffice") or shutil.which("libreoffice")


def needs_conversion(filename: str) -> bool:
    return Path(filename).suffix.lower() in CONVERTIBLE


def to_pdf(data: bytes, filename: str, *, work_dir: Path) -> bytes:
    """The PDF LibreOffice makes of an office document, or a ServiceError saying what to do."""
    program = soffice_path()
    if program is None:
        raise ConversionFailed(
            "conversion_unavailable",
            "Máy chủ chưa cài LibreOffice nên không chuyển được tệp DOCX sang PDF. "
            "Hãy lưu dự thảo thành PDF (Tệp → Lưu thành PDF) rồi tải lên lại.",
        )
    work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="convert-", dir=work_dir) as folder:
        root = Path(folder)
        source = root / f"du-thao{Path(filename).suffix.lower()}"
        source.write_bytes(data)
        profile = (root / "profile").as_uri()
        try:
            subprocess.run(
                [program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
                 "--convert-to", "pdf", "--outdir", str(root / "out"), str(source)],
                check=True, capture_output=True, timeout=TIMEOUT_SECONDS,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
            raise ConversionFailed("conversion_failed",
                                   "Không chuyển được tệp sang PDF (tệp hỏng hoặc có mật khẩu?). "
                                   "Hãy mở tệp, lưu thành PDF rồi tải lên lại.") from None
        result = root / "out" / "du-thao.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            raise ConversionFailed("conversion_failed",
                                   "Không chuyển được tệp sang PDF (tệp hỏng hoặc có mật khẩu?). "
                                   "Hãy mở tệp, lưu thành PDF rồi tải lên lại.")
        return result.read_bytes()
