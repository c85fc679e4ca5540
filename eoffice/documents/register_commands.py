"""`eoffice register add/list/disable/enable`: the incoming registers from the command line."""
from __future__ import annotations

from typing import Any, Optional

import click
from flask.cli import with_appcontext


@click.group("register")
def register_group() -> None:
    """Sổ văn bản đến: mở sổ mới, liệt kê, ngừng sử dụng."""


def _operator() -> Any:
    from eoffice.actor import Actor

    return Actor.operator("dòng lệnh")


def _run(action: Any) -> Any:
    from eoffice.cli import fail
    from eoffice.db import db
    from eoffice.errors import ServiceError

    try:
        return action()
    except ServiceError as exc:
        db.session.rollback()
        fail(exc.message, 2)


@register_group.command("add")
@click.option("--unit", required=True, help="Mã định danh, tên viết tắt hoặc số hiệu đơn vị giữ sổ.")
@click.option("--name", required=True, help="Tên sổ, ví dụ \"Sổ văn bản đến năm 2027\".")
@click.option("--confidential", is_flag=True, help="Sổ văn bản mật (loạt số riêng).")
@with_appcontext
def register_add(unit: str, name: str, confidential: bool) -> None:
    """Mở sổ văn bản đến mới cho một đơn vị."""
    from eoffice.documents import register_admin
    from eoffice.org.service import unit_by_code_or_short

    register = _run(lambda: register_admin.create(_operator(), unit_by_code_or_short(unit).id, name, confidential))
    click.echo(f"Đã mở sổ #{register.id} '{register.name}' của {register.unit.name}" + (" (mật)." if confidential else "."))


@register_group.command("list")
@click.option("--unit", default=None, help="Chỉ các sổ của đơn vị này.")
@with_appcontext
def register_list(unit: Optional[str]) -> None:
    """Liệt kê các sổ văn bản đến."""
    from eoffice.documents import register_admin
    from eoffice.org.service import unit_by_code_or_short

    unit_id = _run(lambda: unit_by_code_or_short(unit).id) if unit else None
    rows = register_admin.managed_registers(None, unit_id)
    if not rows:
        click.echo("Chưa có sổ nào. Mở sổ bằng: eoffice register add --unit VP --name \"Sổ văn bản đến\"")
    for register, count in rows:
        kind = "mật" if register.is_confidential else "thường"
        state = "" if register.is_active else " [ngừng sử dụng]"
        click.echo(f"#{register.id:<5} {register.unit.short_name:<10} {register.name:<40} {kind:<7} {count:>6} văn bản{state}")


def _set_active(register_id: int, active: bool) -> None:
    from eoffice.documents import register_admin

    register = _run(lambda: register_admin.set_active(_operator(), register_admin.get_register(register_id), active))
    click.echo(("Đã mở lại sổ " if active else "Đã ngừng sử dụng sổ ") + f"#{register.id} '{register.name}'.")


@register_group.command("disable")
@click.argument("register_id", type=int)
@with_appcontext
def register_disable(register_id: int) -> None:
    """Ngừng sử dụng một sổ (văn bản và số đến đã cấp giữ nguyên)."""
    _set_active(register_id, False)


@register_group.command("enable")
@click.argument("register_id", type=int)
@with_appcontext
def register_enable(register_id: int) -> None:
    """Mở lại một sổ đã ngừng sử dụng."""
    _set_active(register_id, True)
