"""The citizen's side: look a dossier up by its code and a second factor, read its status and
history in plain words, rate the service once the result is returned.

A wrong code and a wrong secret get the same answer, and an address that fails too often waits
(the codes are sequential, so the code alone must never open a dossier).
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, func, select

from eoffice.actor import Actor
from eoffice.db import db, utcnow
from eoffice.errors import ServiceError
from eoffice.onestop import clock
from eoffice.onestop.intake import dossier_by_code
from eoffice.onestop.models import (
    EVENT_LABELS, RATING_CRITERIA, RATING_VALUES, STATUS_LABELS, Dossier, DossierRating, DossierState, LookupFailure,
)
from eoffice.onestop.schemas import RatingIn
from eoffice.work import history
from eoffice.work.unit_of_work import operation

MAX_FAILURES = 10
WINDOW_SECONDS = 600
NOT_FOUND = ("Không tìm thấy hồ sơ với mã và thông tin xác nhận này. Hãy kiểm tra mã hồ sơ trên giấy tiếp nhận và "
             "4 số cuối số điện thoại (hoặc mã tra cứu in trên giấy).")
PUBLIC_EVENTS = frozenset({"submitted", "received", "accepted", "forwarded", "supplement_requested", "supplemented",
                           "refused", "apologised", "resolved", "result_issued", "returned", "withdrawn", "rated"})


class Throttled(ServiceError):
    """Too many failures from one address: a plain 429 that says when to try again."""

    status = 429

    def __init__(self, message: str, retry_at: datetime, code: str = "too_many_lookups") -> None:
        super().__init__(code, message, retry_at=retry_at.isoformat())
        self.retry_at = retry_at

    @property
    def retry_after_seconds(self) -> int:
        return max(1, int((self.retry_at - utcnow()).total_seconds()) + 1)


class _Throttle:
    """Failed lookups per address in a sliding window, kept in the database (`lookup_failures`)
    so that every app process behind the load balancer counts the same failures: a guesser
    spreading requests over the workers gains nothing.

    A failure is written in its own short transaction (the lookup itself only reads and is
    refused, so the caller's session has nothing to keep), and rows older than the window are
    dropped for that address as it goes, so the table stays as small as the guessing.
    `prefix` keeps other guessing (the citizen's sign-in) apart in the same table."""

    def __init__(self, prefix: str = "", max_failures: int = MAX_FAILURES, window_seconds: int = WINDOW_SECONDS) -> None:
        self.prefix, self.max_failures, self.window_seconds = prefix, max_failures, window_seconds

    def _now(self) -> datetime:
        return utcnow()

    def _key(self, key: str) -> str:
        return (self.prefix + key)[:64]

    def retry_at(self, key: str) -> Optional[datetime]:
        """When the address may try again, or None when it is not blocked: the moment enough
        of its failures leave the window to bring it under the limit."""
        since = self._now() - timedelta(seconds=self.window_seconds)
        recent = list(db.session.scalars(select(LookupFailure.at).where(
            LookupFailure.address == self._key(key), LookupFailure.at > since).order_by(LookupFailure.at)))
        if len(recent) < self.max_failures:
            return None
        return recent[len(recent) - self.max_failures] + timedelta(seconds=self.window_seconds)

    def blocked(self, key: str) -> bool:
        return self.retry_at(key) is not None

    def fail(self, key: str) -> None:
        now = self._now()
        address = self._key(key)

        @operation
        def record() -> None:
            db.session.execute(delete(LookupFailure).where(
                LookupFailure.address == address, LookupFailure.at <= now - timedelta(seconds=self.window_seconds)))
            db.session.add(LookupFailure(address=address, at=now))

        record()

    def clear(self) -> None:
        db.session.execute(delete(LookupFailure))
        db.session.commit()


def wait_text(retry_at: datetime) -> str:
    """«lúc 10:42 (khoảng 7 phút nữa)»: when to try again, in local time."""
    from eoffice.calendar.timezone import to_local

    minutes = max(1, -(-int((retry_at - utcnow()).total_seconds()) // 60))
    return f"lúc {to_local(retry_at):%H:%M} (khoảng {minutes} phút nữa)"


THROTTLE = _Throttle()


@dataclass(frozen=True)
class TimelineLine:
    at: datetime
    label: str
    text: str


def _secret_matches(dossier: Dossier, secret: str) -> bool:
    given = "".join(ch for ch in secret if ch.isdigit())
    if not given:
        return False
    phone_tail = dossier.applicant_phone[-4:] if len(dossier.applicant_phone) >= 4 else ""
    by_phone = len(given) == 4 and bool(phone_tail) and hmac.compare_digest(given, phone_tail)
    return by_phone or hmac.compare_digest(given, dossier.lookup_secret)


def lookup(code: str, secret: str, address: str = "") -> Dossier:
    """The dossier with this code if the secret matches (4 last phone digits or the receipt's
    lookup code); the same refusal otherwise. Reads only."""
    retry_at = THROTTLE.retry_at(address)
    if retry_at is not None:
        raise Throttled(f"Bạn đã tra cứu sai quá nhiều lần (mã hồ sơ hoặc thông tin xác nhận không đúng). "
                        f"Hãy kiểm tra lại giấy tiếp nhận và thử lại {wait_text(retry_at)}.", retry_at)
    dossier = dossier_by_code(code)
    if dossier is None or not _secret_matches(dossier, secret):
        THROTTLE.fail(address)
        raise ServiceError("dossier_not_found", NOT_FOUND)
    return dossier


def timeline(dossier: Dossier) -> list[TimelineLine]:
    """What happened, in plain words, without staff names or internal notes."""
    return [TimelineLine(e.at, EVENT_LABELS.get(e.kind, e.kind), e.text if e.kind != "step_done" else "")
            for e in dossier.events if e.kind in PUBLIC_EVENTS]


def status_text(dossier: Dossier) -> str:
    return STATUS_LABELS.get(dossier.status, dossier.status)


def may_rate(dossier: Dossier) -> bool:
    return dossier.status == DossierState.RETURNED.value and not ratings_of(dossier)


def ratings_of(dossier: Dossier) -> dict[str, str]:
    rows = db.session.scalars(select(DossierRating).where(DossierRating.dossier_id == dossier.id))
    return {row.criterion: row.value for row in rows}


@operation
def rate(dossier: Dossier, data: RatingIn) -> dict[str, str]:
    """The citizen's rating, once per dossier, after the result was returned."""
    if dossier.status != DossierState.RETURNED.value:
        raise ServiceError("not_returned", "Chỉ đánh giá được sau khi đã nhận kết quả.")
    if ratings_of(dossier):
        raise ServiceError("already_rated", f"Hồ sơ {dossier.code} đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần. Cảm ơn ông/bà.")
    unknown = [key for key in data.values if key not in RATING_CRITERIA]
    if unknown:
        raise ServiceError("unknown_criterion", f"Tiêu chí «{unknown[0]}» không có trong phiếu đánh giá.")
    missing = [label for key, label in RATING_CRITERIA.items() if key not in data.values]
    if missing:
        raise ServiceError("rating_incomplete", "Hãy chọn mức đánh giá cho: " + ", ".join(missing) + ".")
    now = clock.now()
    for criterion, value in data.values.items():
        db.session.add(DossierRating(dossier_id=dossier.id, criterion=criterion, value=value, channel=data.channel, at=now))
    summary = ", ".join(f"{RATING_CRITERIA[k]}: {RATING_VALUES[v]}" for k, v in data.values.items())
    history.record(Actor.system("công dân"), dossier, "rated", summary, data={"channel": data.channel})
    return dict(data.values)


def ratings_summary(agency_unit_id: Optional[int] = None) -> dict[str, dict[str, int]]:
    """Counts per criterion and value (per agency when given), for the published results."""
    query = select(DossierRating.criterion, DossierRating.value).join(Dossier, Dossier.id == DossierRating.dossier_id)
    if agency_unit_id is not None:
        query = query.where(Dossier.agency_unit_id == agency_unit_id)
    summary: dict[str, dict[str, int]] = {key: {v: 0 for v in RATING_VALUES} for key in RATING_CRITERIA}
    for criterion, value in db.session.execute(query):
        summary.setdefault(criterion, {}).setdefault(value, 0)
        summary[criterion][value] += 1
    return summary
