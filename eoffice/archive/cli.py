"""`eoffice import PATH`: a folder (or one file) of scans into the archive, with a progress bar
and a report at the end. Running it again on the same folder continues the unfinished batch:
files already taken in are skipped and scans still waiting for OCR are read."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext


@click.command("import")
@click.argument("path", type=click.Path(exists=True, file_okay=True, dir_okay=True, path_type=Path))
@click.option("--as", "username", default="", help="Tài khoản lưu trữ viên đứng tên lô nhập (mặc định: người vận hành máy).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 8), help="Số tệp nhận dạng chữ cùng lúc.")
@click.option("--no-ocr", is_flag=True, help="Chỉ nhận tệp; để bộ xử lý nền (eoffice worker) nhận dạng chữ.")
@with_appcontext
def import_command(path: Path, username: str, workers: int, no_ocr: bool) -> None:
    """Nhập bản quét (PDF, TIFF, JPEG) vào kho lưu trữ, nhận dạng chữ tiếng Việt."""
    from sqlalchemy import select

    from eoffice.actor import Actor
    from eoffice.auth.models import User
    from eoffice.cli import fail
    from eoffice.db import db
    from eoffice.archive import digitise

    actor = Actor.operator("eoffice import")
    if username:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            fail(f"Không có tài khoản «{username}». Kiểm tra lại tên đăng nhập (eoffice user list).", 2)
        actor = Actor(user)
    label = str(path.resolve())
    batch = digitise.resumable_batch(label)
    if batch is None:
        batch = digitise.new_batch(actor, label, source="cli")
    else:
        click.echo(f"Tiếp tục lô nhập {batch.id} chưa xong của {label}.")
    taken = digitise.already_taken(batch)
    todo = [p for p in digitise.scan_files(path) if p.name not in taken]
    with click.progressbar(todo, label="Nhận tệp", show_pos=True, item_show_func=lambda p: p.name if p else "") as bar:
        for file in bar:
            with file.open("rb") as stream:
                digitise.take_in(actor, batch, stream, file.name)
    if not no_ocr:
        waiting = len(digitise.queued_ids(batch.id))
        if waiting and not digitise.ocr_available():
            fail("Máy chủ chưa cài ocrmypdf (gói ocrmypdf, tesseract-ocr-vie). Các tệp đã được nhận; "
                 "cài rồi chạy lại lệnh này để nhận dạng chữ.", 1)
        with click.progressbar(length=waiting, label="Nhận dạng chữ", show_pos=True) as bar:
            digitise.process_queued(batch.id, workers=workers, progress=lambda scan: bar.update(1))
    digitise.finish_batch(batch)
    for line in digitise.report(batch).lines:
        click.echo(line)
