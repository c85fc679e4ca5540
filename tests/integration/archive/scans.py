"""Scans made on the spot for the archive's tests and bench: Vietnamese text drawn with the
app's own serif font onto a white page at a given dpi, optionally skewed and speckled, saved as
PDF, TIFF or JPEG — the way a paper document comes off an office scanner."""
from __future__ import annotations

import io
import random
from typing import Sequence

import pytest
from PIL import Image, ImageDraw, ImageFont

from eoffice.fonts import serif_font_files

A4_INCHES = (8.27, 11.69)


def page_image(lines: Sequence[str], dpi: int = 200, skew: float = 0.0, noise: float = 0.0, seed: int = 1) -> Image.Image:
    width, height = int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    regular = serif_font_files()[0]
    font = ImageFont.truetype(str(regular), size=int(dpi * 13 / 72))  # 13 pt, as official documents print
    y = int(dpi * 0.8)
    for line in lines:
        draw.text((int(dpi * 1.0), y), line, font=font, fill=0)
        y += int(dpi * 13 / 72 * 1.5)
    if skew:
        image = image.rotate(skew, resample=Image.BICUBIC, fillcolor=255, expand=False)
    if noise:
        rng = random.Random(seed)
        pixels = image.load()
        for _ in range(int(width * height * noise)):
            x, yy = rng.randrange(width), rng.randrange(height)
            pixels[x, yy] = rng.choice((0, 90, 255))
    return image


def scan_bytes(lines: Sequence[str], kind: str = "pdf", dpi: int = 200, **options: float) -> bytes:
    image = page_image(lines, dpi, **options)  # type: ignore[arg-type]
    out = io.BytesIO()
    if kind == "pdf":
        image.convert("RGB").save(out, "PDF", resolution=dpi)
    elif kind == "tiff":
        image.save(out, "TIFF", dpi=(dpi, dpi), compression="tiff_lzw")
    else:
        image.convert("RGB").save(out, "JPEG", dpi=(dpi, dpi), quality=85)
    return out.getvalue()


DECISION = [
    "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
    "Số: 125/QĐ-UBND",
    "Khánh Hòa, ngày 15 tháng 3 năm 2019",
    "QUYẾT ĐỊNH",
    "Về việc thành lập Hội đồng thẩm định giá đất",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
    "Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;",
    "Xét đề nghị của Giám đốc Sở Tài nguyên và Môi trường,",
    "Điều 1. Thành lập Hội đồng thẩm định giá đất cụ thể.",
    "Điều 2. Hội đồng chịu trách nhiệm khảo sát khu vực đầm Thủy Triều.",
]



# OCR tests use the `ocr_installed` fixture (tests/conftest.py): without ocrmypdf they fail.
needs_ocr = pytest.mark.usefixtures("ocr_installed")
