"""The `eoffice` command: init, demo, serve, user, audit… (plus Flask's `db` migrations).

Every command exits non-zero with a Vietnamese message that says what to do next.
"""
from __future__ import annotations

import sys
from typing import Any, Optional

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from eoffice import create_app


def _app_factory() -> Any:
    return create_app()


def fail(message: str, code: int = 1) -> None:
    click.secho(f"Lỗi: {message}", fg="red", err=True)
    sys.exit(code)


class EofficeGroup(FlaskGroup):
    """Flask's group, plus plain messages instead of tracebacks for what operators meet most: a
    database older than the code, a search or storage server that cannot be reached."""

    def invoke(self, ctx: click.Context) -> Any:
        from sqlalchemy.exc import OperationalError, ProgrammingError

        from search import SearchError
        from storage import StorageError

        try:
            return super().invoke(ctx)
        except (SearchError, StorageError) as exc:
            # A server that is down or misconfigured: its own Vietnamese message says what to check.
            fail(exc.message, 4)
        except (OperationalError, ProgrammingError) as exc:
            text = str(exc.orig if getattr(exc, "orig", None) else exc)
            if "no such table" in text or "does not exist" in text or "no such column" in text:
                fail("Cơ sở dữ liệu chưa ở phiên bản mới nhất. Chạy `eoffice init` (hoặc `eoffice db upgrade`) "
                     "rồi thử lại.", 3)
            raise


@click.group(cls=EofficeGroup, create_app=_app_factory, add_default_commands=True, add_version_option=False)
def main() -> None:
    """eOffice – hệ thống quản lý văn bản và điều hành."""


def upgrade_database() -> None:
    """Bring the schema to the latest migration (the only way the schema is created)."""
    from flask_migrate import upgrade

    upgrade()


@main.command("init")
@click.option("--admin-username", default="admin", show_default=True, help="Tên đăng nhập của quản trị đầu tiên.")
@click.option("--admin-name", default="Quản trị hệ thống", show_default=True)
@click.option("--admin-password", envvar="EOFFICE_ADMIN_PASSWORD", default=None,
              help="Mật khẩu quản trị (hoặc biến EOFFICE_ADMIN_PASSWORD); bỏ trống để được hỏi.")
@with_appcontext
def init_command(admin_username: str, admin_name: str, admin_password: Optional[str]) -> None:
    """Tạo thư mục dữ liệu, cập nhật cơ sở dữ liệu và tạo tài khoản quản trị đầu tiên."""
    from sqlalchemy import select

    from eoffice.actor import Actor
    from eoffice.auth import service as accounts
    from eoffice.auth.models import User
    from eoffice.auth.roles import Role
    from eoffice.db import db
    from eoffice.errors import ServiceError

    settings = current_app.extensions["eoffice.settings"]
    click.echo(f"Thư mục dữ liệu: {settings.data_dir}")
    upgrade_database()
    click.echo("Cơ sở dữ liệu đã ở phiên bản mới nhất.")
    if db.session.scalar(select(User.id).limit(1)) is not None:
        click.echo("Đã có người dùng; không tạo thêm quản trị.")
        return
    if not admin_password:
        if not sys.stdin.isatty():
            fail("Chưa có mật khẩu quản trị. Dùng --admin-password hoặc đặt biến EOFFICE_ADMIN_PASSWORD.", 2)
        admin_password = click.prompt("Mật khẩu quản trị", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")
    try:
        accounts.create_user(
            Actor.operator("eoffice init"), username=admin_username, full_name=admin_name,
            password=admin_password or "", roles=[Role.ADMIN],
        )
    except ServiceError as exc:
        fail(exc.message, 2)
    click.echo(f"Đã tạo quản trị '{admin_username}'.")


@main.command("demo")
@with_appcontext
def demo_command() -> None:
    """Nạp dữ liệu mẫu (chạy lại nhiều lần vẫn an toàn)."""
    from eoffice.demo import ACCOUNTS, DEMO_PASSWORD, load_demo

    if current_app.extensions["eoffice.settings"].is_production:
        fail("Không nạp dữ liệu mẫu ở chế độ production (EOFFICE_ENV=production).", 2)
    upgrade_database()
    created = load_demo()
    click.echo(f"Dữ liệu mẫu: thêm {created['units']} đơn vị, {created['users']} người dùng, "
               f"{created['documents']} văn bản đến.")
    click.echo(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
    for account in ACCOUNTS:
        click.echo(f"  {account.username:<16} {account.role_label:<26} {account.full_name}")


FORM_OVERHEAD_BYTES = 1024 * 1024  # multipart boundaries, the other form fields: as MAX_CONTENT_LENGTH allows
TOO_LARGE_MESSAGE = (
    "Tệp gửi lên vượt quá dung lượng cho phép nên máy chủ đã từ chối ngay, chưa nhận tệp. "
    "Hãy quét ở độ phân giải 200–300 dpi, nén PDF hoặc tách thành nhiều tệp rồi tải lên lại."
)


def waitress_options(app: Any) -> dict[str, Any]:
    """Settings for waitress that follow the app's upload limit.

    Waitress reads a whole request body (to memory, then to a temporary file) before the app
    sees it, and by default accepts 1 GB: a 200 MB upload was written to disk only to be refused
    afterwards. With ``max_request_body_size`` at the app's own limit (EOFFICE_MAX_UPLOAD_MB plus
    the form's overhead), a request whose Content-Length is larger gets 413 as soon as its
    headers arrive, and a chunked one as soon as it passes the limit.
    """
    limit = app.config.get("MAX_CONTENT_LENGTH") or (
        app.extensions["eoffice.settings"].max_upload_bytes + FORM_OVERHEAD_BYTES)
    return {"max_request_body_size": int(limit) + 1, "ident": "eoffice"}  # waitress refuses at >= the size


def _vietnamese_too_large_page() -> None:
    """Waitress answers an oversized request itself, in English; say it in Vietnamese instead."""
    from waitress import parser, utilities

    if getattr(parser.RequestEntityTooLarge, "eoffice", False):
        return

    class TooLarge(utilities.RequestEntityTooLarge):
        eoffice = True

        def to_response(self, ident: Any = None) -> tuple[str, list[tuple[str, str]], bytes]:
            status, headers, _ = super().to_response(ident)
            return status, headers, (TOO_LARGE_MESSAGE + "\r\n").encode("utf-8")

    parser.RequestEntityTooLarge = TooLarge  # type: ignore[misc] - the name the parser raises (waitress 3.0)


def make_server(app: Any, host: str, port: int, threads: int) -> Any:
    """The waitress server ``eoffice serve`` runs (tests start the same one on a free port)."""
    from waitress import create_server

    _vietnamese_too_large_page()
    return create_server(app, host=host, port=port, threads=threads, **waitress_options(app))


@main.command("serve")
@click.option("--host", default=None, help="Địa chỉ lắng nghe (mặc định EOFFICE_HOST hoặc 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Cổng (mặc định EOFFICE_PORT hoặc 5000).")
@click.option("--threads", default=8, show_default=True, type=int)
@with_appcontext
def serve_command(host: Optional[str], port: Optional[int], threads: int) -> None:
    """Chạy máy chủ web (waitress, dùng cho vận hành thật)."""
    settings = current_app.extensions["eoffice.settings"]
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    host, port = host or settings.host, port or settings.port
    stop = None
    if settings.run_worker_in_server:
        from eoffice.outbox.worker import start_in_thread

        stop = start_in_thread(app)
        click.echo("Bộ xử lý nền (lập chỉ mục, thông báo) chạy cùng máy chủ.")
    import logging

    logging.basicConfig()  # as waitress.serve does: its warnings reach the console
    server = make_server(app, host, port, threads)
    click.echo(f"eOffice đang chạy tại http://{host}:{port} (Ctrl+C để dừng); "
               f"mỗi lần gửi lên tối đa {settings.max_upload_mb} MB.")
    try:
        server.run()
    finally:
        if stop is not None:
            stop.set()


@main.command("worker")
@click.option("--once", is_flag=True, help="Xử lý hết hàng đợi và chạy các việc định kỳ (nhắc hạn) một lần rồi thoát.")
@with_appcontext
def worker_command(once: bool) -> None:
    """Chạy bộ xử lý nền: lập chỉ mục tìm kiếm, gửi thông báo (xử lý lại khi lỗi)."""
    import threading

    from eoffice.outbox import service as outbox
    from eoffice.outbox.worker import run

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if once:
        from eoffice.outbox import schedule

        total = 0
        while (handled := outbox.drain()) > 0:
            total += handled
        schedule.run_due_jobs(force=True)
        while (handled := outbox.drain()) > 0:
            total += handled
        click.echo(f"Đã xử lý {total} sự kiện; còn {outbox.pending_count()} sự kiện chờ thử lại.")
        return
    click.echo("Bộ xử lý nền đang chạy (Ctrl+C để dừng).")
    stop = threading.Event()
    try:
        run(app, stop)
    except KeyboardInterrupt:
        stop.set()


@main.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Xây lại toàn bộ chỉ mục tìm kiếm từ cơ sở dữ liệu (không gián đoạn tìm kiếm)."""
    from eoffice import indexing
    from eoffice.backends import search_index

    total = indexing.total_items()
    index = search_index()
    with click.progressbar(length=total, label="Đang lập chỉ mục", show_pos=True, show_percent=True) as bar:
        def progress(done: int, *_: Any) -> None:
            bar.update(done - bar.pos)

        count = index.rebuild(indexing.all_items(), progress=progress)
    click.echo(f"Đã lập chỉ mục {count} mục.")


# --- Users -----------------------------------------------------------------------------------
@main.group("user")
def user_group() -> None:
    """Quản lý người dùng từ dòng lệnh."""


def _cli_actor() -> Any:
    from eoffice.actor import Actor

    return Actor.operator("dòng lệnh")


def _run(action: Any) -> Any:
    from eoffice.db import db
    from eoffice.errors import ServiceError

    try:
        return action()
    except ServiceError as exc:
        db.session.rollback()
        fail(exc.message, 2)


PASSWORD_HELP = ("Ít nhất 8 ký tự (EOFFICE_PASSWORD_MIN_LENGTH), nên là một cụm từ từ 15 ký tự; không phải mật khẩu "
                 "phổ biến, không chứa tên đăng nhập hay họ tên.")


@user_group.command("add")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Họ và tên.")
@click.option("--password", prompt="Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu", help=PASSWORD_HELP)
@click.option("--email", default="")
@click.option("--unit", default=None, help="Mã định danh, tên viết tắt hoặc số hiệu đơn vị.")
@click.option("--position", default="", help="Chức vụ.")
@click.option("--role", "roles", multiple=True, help="Vai trò (có thể lặp lại), ví dụ van_thu.")
@with_appcontext
def user_add(username: str, full_name: str, password: str, email: str, unit: Optional[str], position: str, roles: tuple[str, ...]) -> None:
    """Thêm người dùng."""
    from eoffice.auth import service as accounts
    from eoffice.auth.roles import parse_role
    from eoffice.org.service import unit_by_code_or_short

    def act() -> Any:
        unit_id = unit_by_code_or_short(unit).id if unit else None
        try:
            parsed = [parse_role(r) for r in roles]
        except ValueError as exc:
            fail(str(exc), 2)
        return accounts.create_user(_cli_actor(), username=username, full_name=full_name, password=password,
                                    email=email, unit_id=unit_id, position=position, roles=parsed)

    user = _run(act)
    click.echo(f"Đã thêm người dùng {user.username} (#{user.id}).")


def _set_enabled(username: str, enabled: bool) -> None:
    from eoffice.auth import service as accounts

    user = _run(lambda: accounts.find_user(username))
    _run(lambda: accounts.set_enabled(_cli_actor(), user, enabled))
    click.echo(("Đã mở lại " if enabled else "Đã vô hiệu hóa ") + username + ".")


@user_group.command("disable")
@click.argument("username")
@with_appcontext
def user_disable(username: str) -> None:
    """Vô hiệu hóa người dùng (giữ nguyên lịch sử)."""
    _set_enabled(username, False)


@user_group.command("enable")
@click.argument("username")
@with_appcontext
def user_enable(username: str) -> None:
    """Mở lại người dùng."""
    _set_enabled(username, True)


@user_group.command("reset-password")
@click.argument("username")
@click.option("--password", prompt="Mật khẩu mới", hide_input=True, confirmation_prompt="Nhập lại mật khẩu",
              help=PASSWORD_HELP)
@with_appcontext
def user_reset_password(username: str, password: str) -> None:
    """Đặt lại mật khẩu (kết thúc mọi phiên đăng nhập cũ)."""
    from eoffice.auth import service as accounts

    user = _run(lambda: accounts.find_user(username))
    _run(lambda: accounts.reset_password(_cli_actor(), user, password))
    click.echo(f"Đã đặt lại mật khẩu cho {username}.")


@user_group.command("grant")
@click.argument("username")
@click.argument("role")
@click.option("--unit", default=None, help="Giới hạn vai trò trong một đơn vị.")
@with_appcontext
def user_grant(username: str, role: str, unit: Optional[str]) -> None:
    """Cấp vai trò cho người dùng."""
    from eoffice.auth import service as accounts
    from eoffice.auth.roles import parse_role
    from eoffice.org.service import unit_by_code_or_short

    try:
        parsed = parse_role(role)
    except ValueError as exc:
        fail(str(exc), 2)
    user = _run(lambda: accounts.find_user(username))
    unit_id = _run(lambda: unit_by_code_or_short(unit).id) if unit else None
    _run(lambda: accounts.grant_role(_cli_actor(), user, parsed, unit_id))
    click.echo(f"Đã cấp vai trò {parsed.label} cho {username}.")


@user_group.command("list")
@with_appcontext
def user_list() -> None:
    """Liệt kê người dùng."""
    from sqlalchemy import select

    from eoffice.auth.models import User
    from eoffice.db import db

    for user in db.session.scalars(select(User).order_by(User.username)):
        roles = ",".join(sorted(r.value for r in user.roles))
        state = "" if user.is_enabled else " [vô hiệu hóa]"
        click.echo(f"{user.username:<18} {user.full_name:<28} {roles}{state}")


# --- Audit -----------------------------------------------------------------------------------
@main.group("audit")
def audit_group() -> None:
    """Nhật ký hệ thống."""


@audit_group.command("verify")
@with_appcontext
def audit_verify() -> None:
    """Kiểm tra chuỗi băm của nhật ký; mã thoát khác 0 nếu có bản ghi bị sửa hoặc xóa."""
    from eoffice.audit.service import verify

    result = verify()
    if result.ok:
        click.echo(result.message)
        return
    fail(result.message, 3)


from eoffice.calendar.commands import calendar_group, deadline_command  # noqa: E402

main.add_command(deadline_command)
main.add_command(calendar_group)


# --- Storage (eoffice/storage_commands.py) ------------------------------------------------------
from eoffice.storage_commands import storage_group  # noqa: E402

main.add_command(storage_group)


# --- Incoming registers (eoffice/documents/register_commands.py) --------------------------------
from eoffice.documents.register_commands import register_group  # noqa: E402

main.add_command(register_group)


# --- Exchange with other agencies (eoffice/exchange/commands.py) ---------------------------------
from eoffice.exchange.commands import exchange_group  # noqa: E402

main.add_command(exchange_group)
