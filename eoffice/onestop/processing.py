"""Processing a dossier through its procedure's steps, and everything the desk tells the
citizen on the way: request to supplement (the clock pauses or restarts), refusal with reason,
apology with a new date (once, at least one working day before the due moment), the result
and its return, withdrawal. Each is one unit of work with its history line and notice."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional, Sequence

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.auth.permissions import authorize, can
from eoffice.calendar import Appointment, add_duration, working_days_between
from eoffice.calendar.timezone import to_local
from eoffice.db import db
from eoffice.documents.uploads import store_checked_file
from eoffice.errors import ServiceError
from eoffice.onestop import clock
from eoffice.onestop.access import STEP_ROLE, open_step
from eoffice.onestop.intake import ComponentFile, _any_desk_officer
from eoffice.onestop.models import Dossier, DossierClockEvent, DossierState
from eoffice.onestop.notices import tell_citizen
from eoffice.onestop.schemas import ApologyIn, ReasonIn, StepDoneIn, SupplementIn
from eoffice.org.models import Unit
from eoffice.work import history
from eoffice.work.access import get_readable
from eoffice.work.kinds import transition
from eoffice.work.models import Assignment, WorkFile
from eoffice.work.unit_of_work import operation
from eoffice.notify.service import notify


def read_dossier(actor: Actor, dossier_id: int) -> Dossier:
    return get_readable(actor, Dossier, dossier_id, "Hồ sơ")


def step_unit(dossier: Dossier, spec: dict[str, Any]) -> Unit:
    """Where a step goes: `@desk` the receiving desk, empty the receiving agency, else the unit
    with that electronic code or short name (one in the agency first)."""
    ref = (spec.get("unit") or "").strip()
    if ref == "@desk":
        return db.session.get(Unit, dossier.owner_unit_id)  # type: ignore[return-value]
    if not ref:
        return dossier.agency
    unit = db.session.scalar(select(Unit).where(Unit.org_code == ref))
    if unit is None:
        candidates = list(db.session.scalars(select(Unit).where(Unit.short_name == ref, Unit.is_active.is_(True))))
        inside = [u for u in candidates if u.parent_id == dossier.agency_unit_id]
        unit = (inside or candidates or [None])[0]
    if unit is None:
        raise ServiceError("unknown_step_unit", f"Bước «{spec.get('name')}» của thủ tục ghi đơn vị «{ref}» nhưng không có đơn vị này. "
                                                "Hãy nhờ quản trị sửa danh mục thủ tục.")
    return unit


def _open_step(actor: Actor, dossier: Dossier, index: int, tell: bool = True) -> Assignment:
    spec = dossier.procedure.steps[index]
    unit = step_unit(dossier, spec)
    now = clock.now()
    deadline = add_duration(now, clock.step_duration(spec.get("days", 0)), calendar=clock.calendar_of(dossier))
    assignment = Assignment(work_item_id=dossier.id, role=STEP_ROLE, unit_id=unit.id, deadline=deadline,
                            instruction=spec.get("name", ""), status="pending", assigned_by_id=actor.user_id, assigned_at=now)
    db.session.add(assignment)
    dossier.step = index
    db.session.flush()
    if tell:
        _tell_unit(unit, dossier, spec)
    return assignment


def _tell_unit(unit: Unit, dossier: Dossier, spec: dict[str, Any]) -> None:
    from eoffice.auth.models import Membership, User
    from eoffice.auth.roles import Role

    role = spec.get("role")
    users = db.session.scalars(select(User).join(Membership, Membership.user_id == User.id).where(Membership.unit_id == unit.id))
    ids = [u.id for u in users if role is None or u.has_role(Role(role))]
    notify(ids, "onestop.step", f"Hồ sơ {dossier.title[:80]} của {dossier.applicant_name[:60]} chờ bạn: {spec.get('name', '')}",
           f"/onestop/{dossier.id}")


def _close_step(actor: Actor, assignment: Assignment, result: str, status: str = "done") -> None:
    assignment.status, assignment.done_at, assignment.result = status, clock.now(), result


def start(actor: Actor, dossier: Dossier) -> None:
    """After receipt: the desk's receiving step (the first, when it is the desk's) is done at
    once, and the next step opens (inside the caller's unit of work)."""
    transition(dossier, DossierState.PROCESSING)
    steps = dossier.procedure.steps
    at_desk = steps[0].get("unit") == "@desk" and len(steps) > 1
    # The desk's own receiving step is done as it opens: telling every desk officer that it
    # waits for them would be a false notice (and, with 20 officers, 20 rows per intake).
    first = _open_step(actor, dossier, 0, tell=not at_desk)
    if at_desk:
        # The receipt's own history line ("received") stands for the desk's step.
        _close_step(actor, first, "Đã tiếp nhận hồ sơ")
        nxt = _open_step(actor, dossier, 1)
        history.record(actor, dossier, "forwarded", f"Chuyển: {steps[1].get('name', '')}", assignment=nxt)


def _require_state(dossier: Dossier, *states: DossierState, doing: str) -> None:
    from eoffice.onestop.models import STATUS_LABELS

    if dossier.status not in {s.value for s in states}:
        raise ServiceError("wrong_state", f"Hồ sơ {dossier.code} đang «{STATUS_LABELS[dossier.status]}» nên không thể {doing}. "
                                          "Hãy tải lại trang để xem trạng thái hiện tại.")


@operation
def complete_step(actor: Actor, dossier: Dossier, data: StepDoneIn) -> Dossier:
    """The person of the current step finishes it; the dossier goes to the next step, or is
    resolved when only the desk's return remains."""
    _require_state(dossier, DossierState.PROCESSING, doing="chuyển bước")
    authorize(actor, "onestop.step", dossier)
    current = open_step(dossier)
    assert current is not None
    steps = dossier.procedure.steps
    _close_step(actor, current, data.result)
    history.record(actor, dossier, "step_done", data.result or steps[dossier.step].get("name", ""), assignment=current)
    following = dossier.step + 1
    if following >= len(steps):
        _resolve(actor, dossier)
        return dossier
    nxt = _open_step(actor, dossier, following)
    history.record(actor, dossier, "forwarded", f"Chuyển: {steps[following].get('name', '')}", assignment=nxt)
    if following == len(steps) - 1:
        _resolve(actor, dossier)
    return dossier


def _resolve(actor: Actor, dossier: Dossier) -> None:
    transition(dossier, DossierState.RESOLVED)
    dossier.resolved_at = clock.now()
    history.record(actor, dossier, "resolved", "Đã có kết quả giải quyết")
    tell_citizen(dossier, "đã có kết quả; mời ông/bà đến nhận theo giấy hẹn.")


def _check_desk(actor: Actor, dossier: Dossier) -> None:
    """Desk officers of the receiving desk, or the person of the current step."""
    user = actor.user
    if getattr(actor, "is_operator", False):
        return
    if not (can(user, "onestop.desk", dossier) or can(user, "onestop.step", dossier)):
        authorize(actor, "onestop.desk", dossier)


@operation
def request_supplement(actor: Actor, dossier: Dossier, data: SupplementIn) -> Dossier:
    """Phiếu yêu cầu bổ sung: every missing item listed once, in full; the clock stops (and,
    for a dossier returned as insufficient, starts again in full when it comes back)."""
    _require_state(dossier, DossierState.PROCESSING, doing="yêu cầu bổ sung")
    _check_desk(actor, dossier)
    transition(dossier, DossierState.SUPPLEMENT)
    dossier.missing_items = list(data.missing)
    db.session.add(DossierClockEvent(dossier_id=dossier.id, at=clock.now(), kind="return" if data.restart else "pause",
                                     note=data.note))
    db.session.flush()
    db.session.expire(dossier, ["clock_events"])
    dossier.deadline = clock.reading(dossier).due
    listed = "; ".join(f"{n}. {item}" for n, item in enumerate(data.missing, start=1))
    history.record(actor, dossier, "supplement_requested", f"Cần bổ sung: {listed}. {data.note}".strip(),
                   data={"missing": list(data.missing), "restart": data.restart})
    tell_citizen(dossier, f"cần bổ sung: {listed}.")
    return dossier


@operation
def supplement(actor: Actor, dossier: Dossier, files: Sequence[ComponentFile] = (), note: str = "") -> Dossier:
    """The citizen's supplement arrived (at the desk or online): the clock goes on."""
    if dossier.status != DossierState.SUPPLEMENT.value:
        raise ServiceError("not_waiting_supplement", f"Hồ sơ {dossier.code} không còn chờ bổ sung (đã nhận phần bổ sung "
                                                     "hoặc hồ sơ đã chuyển trạng thái). Không cần gửi lại.")
    if actor.user is not None:
        _check_desk(actor, dossier)
    at = clock.now()
    last = dossier.clock_events[-1] if dossier.clock_events else None
    kind = "restart" if last is not None and last.kind == "return" else "resume"
    for _, filename, stream in files:
        stored = store_checked_file(actor, stream, filename, main_document=False)
        db.session.add(WorkFile(work_item_id=dossier.id, role="supplement", stored=stored,
                                added_by_id=actor.user_id or _any_desk_officer(db.session.get(Unit, dossier.owner_unit_id))))
    db.session.add(DossierClockEvent(dossier_id=dossier.id, at=at, kind=kind, note=note[:2000]))
    db.session.flush()
    db.session.expire(dossier, ["clock_events"])
    transition(dossier, DossierState.PROCESSING)
    dossier.missing_items = []
    dossier.deadline = clock.reading(dossier).due
    history.record(actor, dossier, "supplemented", note or "Đã nhận thành phần bổ sung", data={"clock": kind})
    tell_citizen(dossier, f"đã nhận phần bổ sung; hẹn trả kết quả {to_local(dossier.deadline):%H:%M ngày %d/%m/%Y}."
                 if dossier.deadline else "đã nhận phần bổ sung.")
    return dossier


@operation
def refuse(actor: Actor, dossier: Dossier, data: ReasonIn) -> Dossier:
    """Phiếu từ chối: the dossier is not taken in / not resolved, always with its reason."""
    _check_desk(actor, dossier)
    transition(dossier, DossierState.REJECTED)
    dossier.refusal_reason = data.reason
    dossier.closed_at = clock.now()
    for assignment in dossier.open_assignments:
        _close_step(actor, assignment, "Hồ sơ bị từ chối", status="closed_by_lead")
    history.record(actor, dossier, "refused", data.reason)
    tell_citizen(dossier, f"bị từ chối. Lý do: {data.reason}")
    return dossier


@operation
def apologise(actor: Actor, dossier: Dossier, data: ApologyIn) -> Dossier:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả: a later date, once, sent at least one working
    day before the due moment (Circular 01/2018)."""
    _require_state(dossier, DossierState.PROCESSING, DossierState.FINANCIAL, doing="hẹn lại ngày trả")
    authorize(actor, "onestop.desk", dossier)
    if dossier.deadline is None:
        raise ServiceError("clock_paused", "Hồ sơ đang tạm dừng tính thời hạn; chưa có ngày hẹn để hẹn lại.")
    now = clock.now()
    cal = clock.calendar_of(dossier)
    appointment = Appointment(due=dossier.deadline, original_due=dossier.original_due)
    new_due = data.new_due if data.new_due.tzinfo else data.new_due.replace(tzinfo=to_local(now).tzinfo)
    moved = appointment.move_once(new_due, reason=data.reason, now=now, calendar=cal)
    if working_days_between(now, dossier.deadline, calendar=cal) < 1:
        raise ServiceError("apology_too_late", f"Phiếu xin lỗi phải gửi trước hạn trả ({to_local(dossier.deadline):%H:%M %d/%m/%Y}) "
                                               "ít nhất 01 ngày làm việc; nay đã quá thời điểm đó.")
    dossier.original_due, dossier.deadline, dossier.apology_reason = appointment.due, moved.due, data.reason
    history.record(actor, dossier, "apologised", f"Hẹn lại {moved.due:%H:%M %d/%m/%Y}. Lý do: {data.reason}",
                   data={"from": appointment.due.isoformat(), "to": moved.due.isoformat()})
    tell_citizen(dossier, f"chậm so với hẹn; cơ quan xin lỗi và hẹn lại {moved.due:%H:%M ngày %d/%m/%Y}. Lý do: {data.reason}")
    return dossier


@operation
def return_result(actor: Actor, dossier: Dossier, data: Optional[StepDoneIn] = None) -> Dossier:
    """The desk hands the result to the citizen."""
    _require_state(dossier, DossierState.RESOLVED, doing="trả kết quả")
    authorize(actor, "onestop.desk", dossier)
    step = open_step(dossier)
    if step is not None:
        _close_step(actor, step, (data.result if data else "") or "Đã trả kết quả")
    transition(dossier, DossierState.RETURNED)
    dossier.closed_at = clock.now()
    dossier.result_note = data.result if data else ""
    history.record(actor, dossier, "returned", dossier.result_note or "Đã trả kết quả cho công dân", assignment=step)
    tell_citizen(dossier, "đã trả kết quả. Mời ông/bà đánh giá mức độ hài lòng.")
    return dossier


@operation
def withdraw(actor: Actor, dossier: Dossier, data: ReasonIn) -> Dossier:
    """The citizen withdraws the dossier (recorded by the desk)."""
    authorize(actor, "onestop.desk", dossier)
    transition(dossier, DossierState.WITHDRAWN)
    dossier.closed_at = clock.now()
    for assignment in dossier.open_assignments:
        _close_step(actor, assignment, "Công dân rút hồ sơ", status="closed_by_lead")
    history.record(actor, dossier, "withdrawn", data.reason)
    tell_citizen(dossier, "đã được rút theo đề nghị của ông/bà.")
    return dossier


def finished_at(dossier: Dossier) -> Optional[datetime]:
    """When the dossier's result was ready (what timeliness is judged on)."""
    return dossier.resolved_at


def control_sheet(dossier: Dossier, moment: Optional[datetime] = None) -> list[dict[str, Any]]:
    """Phiếu kiểm soát quá trình giải quyết: one row per hand-off (from, to, when, due, done,
    early / on time / late by the one shared timeliness rule)."""
    from eoffice.calendar import classify_timeliness

    rows = []
    cal = clock.calendar_of(dossier)
    for assignment in dossier.assignments:
        if assignment.role != STEP_ROLE:
            continue
        timeliness = classify_timeliness(assignment.deadline, assignment.done_at, moment or clock.now(), calendar=cal)
        rows.append({
            "step": assignment.instruction, "from": assignment.assigned_by.full_name if assignment.assigned_by else "",
            "to": assignment.unit.name if assignment.unit else "", "at": assignment.assigned_at,
            "due": assignment.deadline, "done_at": assignment.done_at, "result": assignment.result,
            "timeliness": timeliness.label if timeliness else "", "timeliness_code": timeliness.value if timeliness else "",
        })
    return rows
