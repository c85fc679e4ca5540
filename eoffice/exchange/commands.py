"""`eoffice exchange receive/send/list`: the exchange with other agencies from the command line."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import click
from flask.cli import with_appcontext


@click.group("exchange")
def exchange_group() -> None:
    """Liên thông văn bản (edXML): nhận gói tin, gửi gói tin đang chờ, xem hàng đợi."""


@exchange_group.command("receive")
@click.argument("package", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--unit", default=None, help="Đơn vị nhận (mã định danh hoặc tên viết tắt); mặc định theo gói tin.")
@with_appcontext
def receive_command(package: Path, unit: Optional[str]) -> None:
    """Tiếp nhận một gói tin edXML vào hộp văn bản điện tử chờ vào sổ."""
    from eoffice.actor import Actor
    from eoffice.cli import fail
    from eoffice.db import db
    from eoffice.errors import ServiceError
    from eoffice.exchange import inbound
    from eoffice.org.service import unit_by_code_or_short

    try:
        unit_id = unit_by_code_or_short(unit).id if unit else None
        delivery = inbound.receive(Actor.operator("dòng lệnh"), package.read_bytes(), unit_id)
    except ServiceError as exc:
        db.session.rollback()
        fail(exc.message, 2)
    click.echo(f"Đã tiếp nhận: {delivery.subject} (từ {delivery.sender_name}), chờ văn thư {delivery.recipient_unit.name} vào sổ.")


@exchange_group.command("send")
@with_appcontext
def send_command() -> None:
    """Gửi ngay các gói tin đang chờ (thường do tiến trình nền làm mỗi 10 giây)."""
    from eoffice.exchange import service

    click.echo(f"Đã gửi {service.send_queued()} gói tin.")


@exchange_group.command("list")
@click.option("--status", default=None, type=click.Choice(["queued", "sent", "failed", "unbuilt", "received"]))
@with_appcontext
def list_command(status: Optional[str]) -> None:
    """Liệt kê gói tin gửi đi và nhận về, mới nhất trước."""
    from sqlalchemy import select

    from eoffice.calendar.timezone import VN
    from eoffice.db import db
    from eoffice.exchange.models import ExchangeMessage

    query = select(ExchangeMessage).order_by(ExchangeMessage.id.desc()).limit(200)
    if status:
        query = query.where(ExchangeMessage.status == status)
    for row in db.session.scalars(query):
        arrow = "→" if row.direction == "out" else "←"
        click.echo(f"{row.created_at.astimezone(VN):%d/%m/%Y %H:%M} {arrow} {row.organ_id} {row.organ_name} · "
                   f"{row.document_id} · {row.status_label}" + (f" · {row.last_error}" if row.last_error else ""))
