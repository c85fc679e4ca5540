"""OCR import speed and accuracy of the archive's digitisation (issue 13).

Makes its own scans of Vietnamese official-document text (the app's serif font drawn at 200 and
300 dpi, with speckle noise and a small skew, as PDF), then in the same run:

1. bare `ocrmypdf -l vie` on every file, two at a time (the machine's two cores), same flags
   as the import uses;
2. the import itself (`eoffice.archive.digitise`: check, store byte for byte, OCR, suggestions,
   one commit per file) on a fresh embedded office, two OCR workers;

and prints pages per hour of each, our overhead, and the character accuracy (1 − edit
distance / length, with diacritics, NFC, spaces collapsed) of the OCR text against the text
drawn. Also: text-PDF import (no OCR needed) in files per second.

    .venv/bin/python bench/archive_ocr.py [--pages 8] [--text-pdfs 100]
"""
from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.integration.archive.scans import DECISION, scan_bytes  # noqa: E402

TEXTS = [
    DECISION,
    ["BỘ NỘI VỤ", "Số: 02/2019/TT-BNV", "Hà Nội, ngày 24 tháng 01 năm 2019", "THÔNG TƯ",
     "Quy định tiêu chuẩn dữ liệu thông tin đầu vào và yêu cầu bảo quản", "tài liệu lưu trữ điện tử",
     "Căn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011;", "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng.",
     "Thông tư này quy định tiêu chuẩn dữ liệu thông tin đầu vào của tài liệu lưu trữ", "điện tử, yêu cầu bảo quản tài liệu lưu trữ điện tử."],
    ["SỞ TÀI CHÍNH TỈNH KHÁNH HÒA", "Số: 318/STC-QLNS", "V/v hướng dẫn quyết toán ngân sách năm 2018",
     "Kính gửi: Ủy ban nhân dân các huyện, thị xã, thành phố.", "Thực hiện Luật Ngân sách nhà nước năm 2015,",
     "Sở Tài chính hướng dẫn việc lập, thẩm định, phê duyệt quyết toán", "và báo cáo tình hình thực hiện trước ngày 30 tháng 6.",
     "Đề nghị các đơn vị khẩn trương triển khai thực hiện."],
]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def accuracy(source: str, ocr: str) -> float:
    source, ocr = normalise(source), normalise(ocr)
    return 1 - edit_distance(source, ocr) / max(1, len(source))


def make_scans(folder: Path, pages: int) -> list[tuple[Path, str, int]]:
    scans = []
    for i in range(pages):
        lines = TEXTS[i % len(TEXTS)]
        dpi = (200, 300)[i % 2]
        path = folder / f"scan-{i:03d}-{dpi}dpi.pdf"
        path.write_bytes(scan_bytes(lines, kind="pdf", dpi=dpi, skew=(-0.8, 0.5, 1.0)[i % 3], noise=0.002, seed=i))
        scans.append((path, "\n".join(lines), dpi))
    return scans


def bare(scans: list[tuple[Path, str, int]], out: Path) -> tuple[float, list[float]]:
    from eoffice.archive.digitise import run_ocrmypdf

    def one(item: tuple[Path, str, int]) -> float:
        path, source, dpi = item
        sidecar = out / (path.stem + ".txt")
        run_ocrmypdf(path, out / (path.stem + ".pdf"), sidecar, image_dpi=dpi)
        return accuracy(source, sidecar.read_text("utf-8"))

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        accuracies = list(pool.map(one, scans))
    return time.perf_counter() - start, accuracies


def through_import(scans: list[tuple[Path, str, int]], data_dir: Path, text_pdfs: int) -> tuple[float, list[float], float]:
    from eoffice import create_app
    from eoffice.actor import Actor
    from eoffice.db import db
    from eoffice.archive import digitise
    from eoffice.archive.models import ScanImport
    from flask_migrate import upgrade
    from tests.helpers import sample_pdf

    import os

    os.environ["EOFFICE_DATA_DIR"] = str(data_dir)
    app = create_app()
    with app.app_context():
        upgrade()
        actor = Actor.operator("bench")
        batch = digitise.new_batch(actor, "bench", source="cli")
        start = time.perf_counter()
        for path, _source, _dpi in scans:
            with path.open("rb") as fh:
                digitise.take_in(actor, batch, fh, path.name)
        digitise.process_queued(batch.id, workers=2)
        seconds = time.perf_counter() - start
        by_name = {s.filename: s for s in db.session.query(ScanImport).filter_by(batch_id=batch.id)}
        accuracies = [accuracy(source, by_name[path.name].text) for path, source, _ in scans]
        text_batch = digitise.new_batch(actor, "text pdfs", source="cli")
        pdfs = [sample_pdf(number=str(1000 + i)) for i in range(text_pdfs)]
        start = time.perf_counter()
        for i, content in enumerate(pdfs):
            digitise.take_in(actor, text_batch, io.BytesIO(content), f"van-ban-{i}.pdf")
        text_seconds = time.perf_counter() - start
    return seconds, accuracies, text_pdfs / text_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--text-pdfs", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        folder = Path(tmp)
        (folder / "scans").mkdir()
        (folder / "bare").mkdir()
        scans = make_scans(folder / "scans", args.pages)
        bare(scans[:1], folder / "bare")  # warm-up: Tesseract's model and Ghostscript into the page cache
        # bare, ours, bare again: the machine is shared, so the bare figure is the mean of the runs around ours
        first_seconds, bare_acc = bare(scans, folder / "bare")
        ours_seconds, ours_acc, text_rate = through_import(scans, folder / "data", args.text_pdfs)
        second_seconds, _ = bare(scans, folder / "bare")
        bare_seconds = (first_seconds + second_seconds) / 2
    pages = len(scans)
    bare_rate, ours_rate = pages * 3600 / bare_seconds, pages * 3600 / ours_seconds
    print(f"scans: {pages} one-page PDFs (200 and 300 dpi alternately, noise 0.2 %, skew -0.8..1.0°)")
    print(f"bare ocrmypdf -l vie (2 at a time): {bare_seconds:.1f} s = {bare_rate:,.0f} pages/h "
          f"(runs before and after ours: {first_seconds:.1f} s, {second_seconds:.1f} s)")
    print(f"eoffice import (2 OCR workers):    {ours_seconds:.1f} s = {ours_rate:,.0f} pages/h "
          f"(overhead {100 * (ours_seconds / bare_seconds - 1):+.1f} %)")
    for dpi in (200, 300):
        picked = [a for a, (_, _, d) in zip(ours_acc, scans) if d == dpi]
        if picked:
            print(f"character accuracy with diacritics at {dpi} dpi: mean {100 * sum(picked) / len(picked):.1f} %, "
                  f"min {100 * min(picked):.1f} % ({len(picked)} pages)")
    print(f"bare ocrmypdf accuracy (same files): mean {100 * sum(bare_acc) / len(bare_acc):.1f} %")
    print(f"text-PDF import (no OCR needed): {text_rate:.1f} files/s")


if __name__ == "__main__":
    main()
