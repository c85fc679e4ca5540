"""`eoffice storage gc` and `eoffice storage verify`: the operator's tools for the blob store.

The database says which blobs are referenced (eoffice.blob_refs); the storage package does the
rest. gc is a dry run unless --apply, because a wrong deletion of a record is not undoable.
"""
from __future__ import annotations

import sys
from datetime import timedelta
from typing import Any

import click
from flask.cli import with_appcontext


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


@click.group("storage")
def storage_group() -> None:
    """Kho lưu trữ tệp: dọn tệp rác và kiểm tra toàn vẹn."""


@storage_group.command("gc")
@click.option("--apply", "apply", is_flag=True, default=False,
              help="Xóa thật (mặc định chỉ liệt kê những gì sẽ xóa).")
@click.option("--grace-hours", type=click.FloatRange(min=0), default=24.0, show_default=True,
              help="Chỉ xóa tệp không còn được tham chiếu và cũ hơn số giờ này.")
@with_appcontext
def gc_command(apply: bool, grace_hours: float) -> None:
    """Xóa các tệp không còn bản ghi nào tham chiếu (chạy thử nếu không có --apply)."""
    from eoffice.backends import blob_store
    from eoffice.blob_refs import referenced_blobs
    from storage import StorageError
    from storage.maintenance import collect_garbage

    try:
        report = collect_garbage(blob_store(), referenced_blobs(), grace=timedelta(hours=grace_hours), apply=apply)
    except StorageError as exc:
        click.secho(f"Lỗi: {exc.message}", fg="red", err=True)
        sys.exit(1)
    verb = "Đã xóa" if apply else "Sẽ xóa"
    for info in report.removed:
        click.echo(f"{verb}: {info.sha256}  {_human(info.size):>9}  {info.filename}  "
                   f"(tạo {info.created:%Y-%m-%d %H:%M})")
    for temp in report.stale_temp:
        click.echo(f"{verb} tệp tạm: {temp.key}  {_human(temp.size):>9}  (từ {temp.created:%Y-%m-%d %H:%M})")
    for info in report.retained:
        click.echo(f"Giữ lại (đang trong thời hạn lưu trữ đến {info.retain_until:%Y-%m-%d}): {info.sha256}  {info.filename}")
    click.echo(
        f"{verb} {len(report.removed)} tệp và {len(report.stale_temp)} tệp tạm, tổng {_human(report.removed_bytes)}. "
        f"Giữ {report.referenced} tệp đang được dùng, {len(report.too_recent)} tệp mới hơn {grace_hours:g} giờ, "
        f"{len(report.retained)} tệp đang trong thời hạn lưu trữ."
    )
    if not apply and (report.removed or report.stale_temp):
        click.echo("Đây là chạy thử: chưa xóa gì. Thêm --apply để xóa thật.")


@storage_group.command("verify")
@with_appcontext
def verify_command() -> None:
    """Đọc lại mọi tệp đang được tham chiếu và báo tệp thiếu hoặc hỏng (mã thoát 3 nếu có)."""
    from eoffice.backends import blob_store
    from eoffice.blob_refs import referenced_blobs
    from storage import StorageError
    from storage.maintenance import verify

    hashes = referenced_blobs()
    try:
        with click.progressbar(length=len(hashes), label="Đang kiểm tra tệp", show_pos=True,
                               show_percent=True) as bar:
            def progress(done: int, *_: Any) -> None:
                bar.update(done - bar.pos)

            report = verify(blob_store(), hashes, progress=progress)
    except StorageError as exc:
        click.secho(f"Lỗi: {exc.message}", fg="red", err=True)
        sys.exit(1)
    for sha in report.missing:
        click.secho(f"Thiếu: {sha}", fg="red")
    for sha in report.corrupted:
        click.secho(f"Hỏng (mã băm không khớp): {sha}", fg="red")
    if report.ok:
        click.echo(f"Toàn vẹn: đã kiểm tra {report.checked} tệp, không thiếu, không hỏng.")
        return
    click.secho(f"Đã kiểm tra {report.checked} tệp: {len(report.missing)} tệp thiếu, "
                f"{len(report.corrupted)} tệp hỏng. Hãy khôi phục từ bản sao lưu.", fg="red", err=True)
    sys.exit(3)
