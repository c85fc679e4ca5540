"""What a signature looks like and where it goes on the page, per Decree 30/2020 (Appendix I):

- leader: the (blue, transparent) signature image between the authority line and the name;
- agency: the red seal at real size, overlapping about a third of the leader's image on its left;
- attachments and electronic copies: the agency signs top right of page 1 with no image,
  showing number/notation and signing time (ISO 8601, Vietnam time zone), Times-like font 10.
"""
from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from PIL import Image, UnidentifiedImageError
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.stamp import StaticStampStyle, TextStampStyle
from pypdf import PdfReader

from eoffice.calendar.timezone import VN
from eoffice.fonts import stamp_font_path

from .errors import SigningError

__all__ = [
    "LeaderSignature",
    "AgencySignature",
    "AttachmentSignature",
    "Appearance",
    "Box",
    "SEAL_SIZE_PT",
    "LEADER_BOX_PT",
    "signing_time_text",
    "find_text",
    "text_style",
    "image_style",
]

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points, origin bottom left

MM = 72 / 25.4
SEAL_SIZE_PT = 36 * MM  # a round agency seal is about 36 mm across; placed at real size
LEADER_BOX_PT = (150.0, 60.0)  # width, height of the leader's image box when it is found from the text
ATTACHMENT_BOX_PT = (235.0, 40.0)  # three lines of 10 pt inside the 20 mm top margin
PAGE_MARGIN_PT = 20 * MM  # Decree 30: top margin 20-25 mm, right 15-20 mm
_LINE_PT = 6.5 * MM  # one line of the 13-14 pt signature block: the position (CHỦ TỊCH) under the authority
_DESCENDER_PT = 5.0
_NAME_CLEARANCE = 14.0  # from the name's baseline to above its capitals and accents
_MIN_IMAGE_PT = 12.0  # below this the authority found is not the one above this name


@dataclass(frozen=True)
class LeaderSignature:
    """The person's signature. ``page`` is 1-based; ``page``/``box`` ``None`` means: above the
    line that holds ``name`` on the last page that has it (else bottom right of the last page),
    and below the position line under ``authority`` ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH")
    when that is found: Decree 30 puts the image between the two.

    ``number_field``: put the empty number field (see :mod:`.numbering`) into this signature's
    revision, so the clerk can stamp the number later without breaking it. ``date_box`` also
    adds an empty issue-date field there (page 1)."""

    page: int | None
    box: Box | None
    name: str
    authority: str | None = None
    image_png: bytes | None = None
    number_field: bool = True
    date_box: Box | None = None


@dataclass(frozen=True)
class AgencySignature:
    """The agency's signature: the seal over the left third of ``over_field`` (the leader's
    signature field; ``None`` = the last signature in the document)."""

    agency_name: str
    seal_png: bytes | None = None
    over_field: str | None = None


@dataclass(frozen=True)
class AttachmentSignature:
    """The agency's signature on an attachment or electronic copy, top right of page 1.
    Decree 30 says this one carries no image, so ``seal_png`` is accepted but not drawn."""

    agency_name: str
    notation: str
    seal_png: bytes | None = None


Appearance = LeaderSignature | AgencySignature | AttachmentSignature


def signing_time_text(moment: datetime) -> str:
    """ISO 8601 with the Vietnam offset, to the second: 2026-12-03T14:05:09+07:00."""
    return moment.astimezone(VN).replace(microsecond=0).isoformat()


def load_png(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise SigningError("bad_image") from exc
    return image.convert("RGBA")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def find_text(reader: PdfReader, text: str, pages: Iterable[int] | None = None) -> tuple[int, float, float] | None:
    """(0-based page, x, y) of the last text run containing ``text`` (NFC, case- and
    space-insensitive), searching ``pages`` in the order given (default: from the last page)."""
    wanted = _norm(text)
    order = list(pages) if pages is not None else range(len(reader.pages) - 1, -1, -1)
    for index in order:
        hits: list[tuple[float, float]] = []

        def visit(run, cm, tm, font_dict, font_size):  # noqa: ANN001 - pypdf's visitor shape
            if wanted and wanted in _norm(run or ""):
                hits.append((cm[0] * tm[4] + cm[2] * tm[5] + cm[4], cm[1] * tm[4] + cm[3] * tm[5] + cm[5]))

        reader.pages[index].extract_text(visitor_text=visit)
        if hits:
            x, y = hits[-1]
            return index, x, y
    return None


def text_style(text: str, font_size: int, *, align_right: bool = False) -> TextStampStyle:
    """A borderless text stamp in the Vietnamese serif font (an OpenType font: pyHanko's
    standard fonts have no Vietnamese glyphs), top-aligned with a 1 pt margin so the text
    keeps its real size instead of being shrunk into pyHanko's default padding."""
    rule = layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MAX if align_right else layout.AxisAlignment.ALIGN_MIN,
        y_align=layout.AxisAlignment.ALIGN_MAX, margins=layout.Margins.uniform(1))
    return TextStampStyle(
        stamp_text=text,
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(font_path(), font_size=font_size), font_size=font_size,
                                    box_layout_rule=rule),
        border_width=0,
        inner_content_layout=rule,
    )


def image_style(png: bytes) -> StaticStampStyle:
    """The image filling its box (a 0.5 pt margin, under 0.2 mm: the seal stays at real size,
    and pyHanko's rounding of the box never finds the image a hair too wide), fully opaque
    where the PNG is (its transparency is kept)."""
    return StaticStampStyle(
        background=PdfImage(load_png(png)), border_width=0, background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID, margins=layout.Margins.uniform(0.5)))


def leader_box(reader: PdfReader, sig: LeaderSignature) -> tuple[int, Box]:
    """0-based page and box of the leader's signature."""
    count = len(reader.pages)
    if sig.page is not None and not 1 <= sig.page <= count:
        raise SigningError("bad_page")
    if sig.box is not None:
        return (sig.page - 1 if sig.page else count - 1), sig.box
    width, height = LEADER_BOX_PT
    found = find_text(reader, sig.name)
    if found is not None and (sig.page is None or found[0] == sig.page - 1):
        page, x, y = found
        name_width = 0.6 * 13 * len(sig.name)  # the name is 13-14 pt bold; centre the image over it
        cx = x + name_width / 2
        bottom, top = y + _NAME_CLEARANCE, y + _NAME_CLEARANCE + height
        above = find_text(reader, sig.authority, pages=[page]) if sig.authority else None
        if above is not None and above[2] > y:
            # the gap between the position line (one line under the authority) and the name
            room_top = above[2] - _LINE_PT - _DESCENDER_PT
            if room_top - bottom >= _MIN_IMAGE_PT:
                fit = min(height, room_top - bottom)
                bottom += (room_top - bottom - fit) / 2
                top = bottom + fit
        return page, (cx - width / 2, bottom, cx + width / 2, top)
    page = sig.page - 1 if sig.page else count - 1
    box = reader.pages[page].mediabox
    right = float(box.right) - PAGE_MARGIN_PT
    return page, (right - 200, float(box.bottom) + 120, right - 200 + width, float(box.bottom) + 120 + height)


def seal_box(leader: Box) -> Box:
    """The seal square: its right edge at one third of the leader's image, centred on it."""
    x1, y1, x2, y2 = leader
    right = x1 + (x2 - x1) / 3
    cy = (y1 + y2) / 2
    return (right - SEAL_SIZE_PT, cy - SEAL_SIZE_PT / 2, right, cy + SEAL_SIZE_PT / 2)


def attachment_box(reader: PdfReader) -> Box:
    """Top right of page 1, inside the top margin (Decree 30: 20–25 mm) so it covers no text."""
    box = reader.pages[0].mediabox
    right = float(box.right) - 15 * MM
    top = float(box.top) - 4 * MM
    width, height = ATTACHMENT_BOX_PT
    return (right - width, top - height, right, top)


def font_path() -> str:
    """The font stamps are drawn in: the Vietnamese serif without layout tables (fast to subset)."""
    return str(stamp_font_path())
