"""`eoffice import PATH`: a folder (or one file) of scans into the archive, with a progress bar
and a report at the end. Running it again on the same folder continues the unfinished batch:
files already taken in are skipped and scans still waiting for OCR are read.

`eoffice import --watch DIR` watches a folder instead (see `eoffice.archive.watch`): each file
dropped there is taken in once complete and moved to DIR/done or DIR/failed (with the reason)."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import click
from flask.cli import with_appcontext


@click.command("import")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=True, dir_okay=True, path_type=Path))
@click.option("--watch", "watch_dir", type=click.Path(exists=True, file_okay=False, dir_okay=True, path_type=Path),
              help="Theo dõi thư mục: nhận mỗi tệp được thả vào khi đã ghi xong, chuyển sang DIR/done hoặc DIR/failed.")
@click.option("--as", "username", default="", help="Tài khoản lưu trữ viên đứng tên lô nhập (mặc định: người vận hành máy).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 8), help="Số tệp nhận dạng chữ cùng lúc.")
@click.option("--no-ocr", is_flag=True, help="Chỉ nhận tệp; để bộ xử lý nền (eoffice worker) nhận dạng chữ.")
@click.option("--interval", default=5.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Với --watch: số giây giữa hai lần xem thư mục.")
@click.option("--settle", default=5.0, show_default=True, type=click.FloatRange(0, 3600),
              help="Với --watch: tệp được coi là ghi xong khi kích thước không đổi trong ngần ấy giây.")
@click.option("--once", is_flag=True, help="Với --watch: nhận các tệp đang có trong thư mục rồi dừng.")
@with_appcontext
def import_command(path: Optional[Path], watch_dir: Optional[Path], username: str, workers: int, no_ocr: bool,
                   interval: float, settle: float, once: bool) -> None:
    """Nhập bản quét (PDF, TIFF, JPEG) vào kho lưu trữ, nhận dạng chữ tiếng Việt."""
    from eoffice.cli import fail

    if (path is None) == (watch_dir is None):
        fail("Hãy chỉ ra một thư mục hoặc tệp cần nhập (eoffice import THƯ_MỤC), hoặc thư mục cần theo dõi "
             "(eoffice import --watch THƯ_MỤC) — không cả hai.", 2)
    actor = _actor(username)
    if watch_dir is not None:
        _watch(actor, watch_dir, workers, no_ocr, interval, settle, once)
        return
    assert path is not None
    _import(actor, path, workers, no_ocr)


def _actor(username: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from eoffice.actor import Actor
    from eoffice.auth.models import User
    from eoffice.cli import fail
    from eoffice.db import db

    if not username:
        return Actor.operator("eoffice import")
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        fail(f"Không có tài khoản «{username}». Kiểm tra lại tên đăng nhập (eoffice user list).", 2)
    return Actor(user)


def _ocr(batch_id: int, workers: int, bar: bool) -> None:
    from eoffice.archive import digitise
    from eoffice.cli import fail

    waiting = len(digitise.queued_ids(batch_id))
    if waiting and not digitise.ocr_available():
        fail("Máy chủ chưa cài ocrmypdf (gói ocrmypdf, tesseract-ocr-vie). Các tệp đã được nhận; "
             "cài rồi chạy lại lệnh này để nhận dạng chữ.", 1)
    if not waiting:
        return
    if not bar:
        digitise.process_queued(batch_id, workers=workers)
        return
    with click.progressbar(length=waiting, label="Nhận dạng chữ", show_pos=True) as progress:
        digitise.process_queued(batch_id, workers=workers, progress=lambda scan: progress.update(1))


def _import(actor, path: Path, workers: int, no_ocr: bool) -> None:  # type: ignore[no-untyped-def]
    from eoffice.archive import digitise

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
        _ocr(batch.id, workers, bar=True)
    digitise.finish_batch(batch)
    for line in digitise.report(batch).lines:
        click.echo(line)


def _watch(actor, folder: Path, workers: int, no_ocr: bool, interval: float, settle: float,  # type: ignore[no-untyped-def]
           once: bool) -> None:
    from eoffice.archive import digitise, watch

    batch = watch.watch_batch(actor, folder)
    settling = watch.Settling(settle)
    click.echo(f"Đang theo dõi {folder.resolve()} (lô nhập {batch.id}): thả tệp quét vào đây; tệp đã nhận chuyển sang "
               f"{watch.DONE}/, tệp lỗi hoặc trùng sang {watch.FAILED}/ kèm lý do." + ("" if once else " Nhấn Ctrl+C để dừng."))
    try:
        while True:
            for scan in watch.poll(actor, batch, folder, settling, time.monotonic()):
                click.echo(f"{scan.filename}: {scan.status_label}" + (f" – {scan.reason}" if scan.reason else ""))
            if not no_ocr:
                _ocr(batch.id, workers, bar=False)
            if once and not settling.seen:
                break
            # While a file is settling look again soon, so it is taken as soon as it is complete.
            time.sleep(min(interval, max(settle / 2, 0.1)) if settling.seen else interval)
    except KeyboardInterrupt:
        click.echo("Đã dừng theo dõi.")
    digitise.finish_batch(batch)
    for line in digitise.report(batch).lines:
        click.echo(line)
