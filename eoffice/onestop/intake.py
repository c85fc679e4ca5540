"""Receiving a dossier at the desk, by post or online: the checklist of components, files
checked at upload, the code, the counting start (paper after 15:00 → next working morning) and
the appointment date from the calendar engine — one unit of work."""
from __future__ import annotations

import secrets
from typing import BinaryIO, Optional, Sequence

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.auth.permissions import authorize
from eoffice.calendar.timezone import to_local
from eoffice.db import db
from eoffice.documents.uploads import clean_filename, store_checked_file
from eoffice.errors import ServiceError
from eoffice.onestop import clock, numbering
from eoffice.onestop.models import CHANNEL_LABELS, CitizenAccount, Dossier, DossierState, Procedure
from eoffice.onestop.notices import tell_citizen
from eoffice.onestop.schemas import DossierIn
from eoffice.org.models import Unit
from eoffice.outgoing.numbering import agency_of
from eoffice.work import history
from eoffice.work.kinds import transition
from eoffice.work.models import WorkFile
from eoffice.work.unit_of_work import operation

ComponentFile = tuple[int, str, BinaryIO]  # (component index, file name, bytes)
DESK_KIND = "mot_cua"


def desk_of(actor: Actor) -> Unit:
    """The one-stop desk the officer works at (their own unit, or the one their role names)."""
    user = actor.user
    units = [m.unit for m in user.memberships] if user is not None else []
    for unit in units:
        if unit.kind == DESK_KIND:
            return unit
    raise ServiceError("not_a_desk", "Tài khoản của bạn không thuộc bộ phận một cửa nào nên không thể tiếp nhận hồ sơ. "
                                     "Hãy nhờ quản trị xếp bạn vào bộ phận một cửa.")


def desks() -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(Unit.kind == DESK_KIND, Unit.is_active.is_(True)).order_by(Unit.name)))


def missing_required(procedure: Procedure, provided: Sequence[int]) -> list[str]:
    """The required components not ticked, in the procedure's order, each named in full."""
    chosen = set(provided)
    return [c["name"] for i, c in enumerate(procedure.components) if c.get("required", True) and i not in chosen]


def _checklist(procedure: Procedure, provided: Sequence[int]) -> list[dict]:  # type: ignore[type-arg]
    bad = [i for i in provided if i >= len(procedure.components)]
    if bad:
        raise ServiceError("unknown_component", f"Thủ tục {procedure.code} không có thành phần số {bad[0] + 1}. Hãy tải lại trang.")
    return [{**c, "provided": i in set(provided)} for i, c in enumerate(procedure.components)]


def _secret() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def _create(actor: Actor, data: DossierIn, desk: Unit, files: Sequence[ComponentFile]) -> Dossier:
    procedure = db.session.get(Procedure, data.procedure_id)
    if procedure is None or not procedure.is_active:
        raise ServiceError("unknown_procedure", "Thủ tục đã chọn không có hoặc đã ngừng áp dụng. Hãy chọn lại thủ tục.")
    missing = missing_required(procedure, data.provided)
    if missing:
        listed = "; ".join(f"{n}. {name}" for n, name in enumerate(missing, start=1))
        raise ServiceError("missing_components", f"Hồ sơ còn thiếu thành phần bắt buộc: {listed}. "
                                                 "Hãy hướng dẫn người nộp bổ sung đủ một lần trước khi tiếp nhận.",
                           missing=missing)
    components = _checklist(procedure, data.provided)
    for index, filename, _ in files:
        if index >= len(procedure.components):
            raise ServiceError("unknown_component", f"Tệp {filename} gắn với thành phần không có trong thủ tục.")
        components[index]["file"] = clean_filename(filename)
    agency = agency_of(desk)
    received = clock.now()
    counted_from = clock.start_of(received, data.channel, agency.id)
    dossier = Dossier(
        title=procedure.name, owner_unit_id=desk.id, agency_unit_id=agency.id, procedure_id=procedure.id,
        code=f"~{secrets.token_hex(8)}", channel=data.channel,  # the real code comes last: see give_code
        applicant_name=data.applicant_name, applicant_id_number=data.applicant_id_number,
        applicant_phone=data.applicant_phone.replace(" ", "").replace(".", ""), applicant_email=data.applicant_email,
        applicant_address=data.applicant_address, lookup_secret=_secret(), received_at=received,
        counted_from=counted_from, received_by_id=actor.user_id, components=components,
        status=DossierState.NEW.value if data.channel == "online" else DossierState.RECEIVED.value,
        deadline=clock.due_of(received, procedure, data.channel, agency.id),
    )
    db.session.add(dossier)
    db.session.flush()
    for _, filename, stream in files:
        stored = store_checked_file(actor, stream, filename, main_document=False)
        db.session.add(WorkFile(work_item_id=dossier.id, role="component", stored=stored,
                                added_by_id=actor.user_id or _any_desk_officer(desk)))
    return dossier


def give_code(dossier: Dossier) -> None:
    """Take the day's next number for the dossier, as the last write of its intake: the
    counter row stays locked only from here to the commit, so officers wait on each other
    for a moment, not for the whole intake."""
    day = to_local(dossier.counted_from).date()
    sequence = numbering.next_sequence(dossier.agency_unit_id, day)
    if sequence > numbering.MAX_PER_DAY:
        raise ServiceError("too_many_today", "Cơ quan đã tiếp nhận 9.999 hồ sơ trong ngày; không thể cấp thêm mã hồ sơ.")
    dossier.code = numbering.format_code(dossier.agency, day, sequence)


def _any_desk_officer(desk: Unit) -> int:
    """Online uploads have no staff author; the desk's first officer stands as who holds them."""
    from eoffice.auth.models import Membership

    user_id = db.session.scalar(select(Membership.user_id).where(Membership.unit_id == desk.id).order_by(Membership.user_id))
    if user_id is None:
        raise ServiceError("desk_without_staff", f"{desk.name} chưa có cán bộ nào nên chưa nhận hồ sơ trực tuyến.")
    return user_id


@operation
def receive(actor: Actor, data: DossierIn, files: Sequence[ComponentFile] = ()) -> Dossier:
    """A paper dossier handed in at the desk or arrived by post: received, first step started."""
    from eoffice.onestop import processing

    authorize(actor, "onestop.receive")
    if data.channel == "online":
        raise ServiceError("wrong_channel", "Hồ sơ trực tuyến do công dân nộp trên cổng; tại quầy chọn «Trực tiếp» hoặc «Bưu chính».")
    dossier = _create(actor, data, desk_of(actor), files)
    history.record(actor, dossier, "received", f"Tiếp nhận {CHANNEL_LABELS[data.channel].lower()}",
                   data={"channel": data.channel})
    processing.start(actor, dossier)
    give_code(dossier)
    tell_citizen(dossier, f"đã được tiếp nhận; hẹn trả kết quả {to_local(dossier.deadline):%H:%M ngày %d/%m/%Y}."
                 if dossier.deadline else "đã được tiếp nhận.")
    return dossier


@operation
def submit_online(data: DossierIn, files: Sequence[ComponentFile] = (), ip_address: str = "",
                  account: Optional[CitizenAccount] = None) -> Dossier:
    """A citizen's online submission (no staff account): it waits as «Mới đăng ký» until the
    desk checks it. From a signed-in citizen account, the name and contact are the account's
    verified ones (so every notice goes where the citizen proved they read) and the dossier
    is linked to it for «Hồ sơ của tôi»."""
    if account is not None:
        if account.verified_at is None:
            raise ServiceError("not_verified", "Tài khoản chưa được xác nhận nên chưa nộp hồ sơ được. Hãy xác nhận mã trước.")
        data = data.model_copy(update=account.applicant_fields)
    if data.desk_unit_id is None:
        raise ServiceError("missing_desk", "Hãy chọn nơi nộp hồ sơ (bộ phận một cửa).")
    desk = db.session.get(Unit, data.desk_unit_id)
    if desk is None or desk.kind != DESK_KIND:
        raise ServiceError("missing_desk", "Nơi nộp hồ sơ đã chọn không phải bộ phận một cửa. Hãy chọn lại.")
    actor = Actor.system(f"công dân {data.applicant_name}"[:100])
    actor = Actor(user=None, ip_address=ip_address, system_name=actor.system_name)
    dossier = _create(actor, data.model_copy(update={"channel": "online"}), desk, files)
    dossier.citizen_account_id = account.id if account is not None else None
    history.record(actor, dossier, "submitted", "Nộp trực tuyến")
    give_code(dossier)
    tell_citizen(dossier, "đã được gửi; bộ phận một cửa sẽ kiểm tra và thông báo.")
    return dossier


@operation
def accept_online(actor: Actor, dossier: Dossier) -> Dossier:
    """The desk checked an online dossier and takes it in: the first step starts."""
    from eoffice.onestop import processing

    authorize(actor, "onestop.desk", dossier)
    transition(dossier, DossierState.RECEIVED)
    history.record(actor, dossier, "accepted", "Hồ sơ nộp trực tuyến hợp lệ, được tiếp nhận")
    processing.start(actor, dossier)
    tell_citizen(dossier, "đã được tiếp nhận.")
    return dossier


def dossier_by_code(code: str) -> Optional[Dossier]:
    return db.session.scalar(select(Dossier).where(Dossier.code == code.strip().upper()))
