"""The Vietnamese-capable TrueType fonts every generated PDF uses (demo documents, registers).

Why from the operating system: PDF's built-in fonts (Helvetica, Times) have no Vietnamese
glyphs, and nothing may be downloaded at run time. Debian's fonts-noto-core gives Noto Serif
(the closest free match to the Times New Roman that Decree 30/2020 prescribes); DejaVu Serif
from fonts-dejavu-core is the fallback. When neither is installed the caller gets a
:class:`MissingFont` that names the package to install, instead of a PDF full of empty boxes.
"""
from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eoffice.errors import ServiceError

__all__ = ["FontFiles", "MissingFont", "vietnamese_serif", "serif_font_files", "add_vietnamese_font",
           "stamp_font_path"]

_NOTO = "/usr/share/fonts/truetype/noto/NotoSerif-{}.ttf"
_DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSerif{}.ttf"
SERIF_CANDIDATES: tuple[tuple[str, str, str, str], ...] = (
    tuple(_NOTO.format(style) for style in ("Regular", "Bold", "Italic", "BoldItalic")),  # type: ignore[misc]
    tuple(_DEJAVU.format(style) for style in ("", "-Bold", "-Italic", "-BoldItalic")),  # type: ignore[misc]
)


class MissingFont(ServiceError):
    """The server lacks a font with Vietnamese glyphs: an installation problem, not bad input."""

    status = 500

    def __init__(self) -> None:
        super().__init__(
            "font_missing",
            "Máy chủ thiếu phông chữ tiếng Việt nên không tạo được tệp PDF. "
            "Hãy báo quản trị hệ thống cài gói Debian fonts-noto-core (hoặc fonts-dejavu-core) rồi thử lại.",
        )


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


def vietnamese_serif() -> FontFiles:
    """The first installed serif family with all four styles; raises :class:`MissingFont`."""
    for candidate in SERIF_CANDIDATES:
        paths = [Path(p) for p in candidate]
        if all(p.exists() for p in paths):
            return FontFiles(*paths)
    raise MissingFont()


def serif_font_files() -> tuple[Path, Path, Path]:
    """Regular, bold and italic files of a serif font with Vietnamese glyphs."""
    files = vietnamese_serif()
    return files.regular, files.bold, files.italic


def add_vietnamese_font(pdf: Any, family: str = "Serif") -> str:
    """Register the four styles on an ``fpdf.FPDF`` under ``family`` and return the name."""
    files = vietnamese_serif()
    pdf.add_font(family, "", str(files.regular))
    pdf.add_font(family, "B", str(files.bold))
    pdf.add_font(family, "I", str(files.italic))
    pdf.add_font(family, "BI", str(files.bold_italic))
    return family


# OpenType layout tables: what a subsetter spends its time in (Noto Serif's GPOS alone is most
# of a signature stamp's cost). Vietnamese written in NFC needs none of them — every letter with
# its marks is one precomposed glyph — so the stamp font leaves them out.
_LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern")


@functools.lru_cache(maxsize=1)
def stamp_font_path() -> Path:
    """The regular Vietnamese serif without its layout tables, for text drawn into PDFs that are
    signed (signature stamps, the number field): subsetting it per stamp takes milliseconds,
    not a second. Written once per font version into the temporary folder, atomically."""
    from fontTools.ttLib import TTFont

    source = vietnamese_serif().regular
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / "eoffice-fonts" / f"{source.stem}-stamp-{digest}.ttf"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    font = TTFont(str(source))
    for tag in _LAYOUT_TABLES:
        if tag in font:
            del font[tag]
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(partial))
    os.replace(partial, target)
    return target
