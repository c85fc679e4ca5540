"""What the clerk reads about each signature: a Vietnamese verdict, the times, later changes.

Why in Python and not in the template: the verdict must be the same on the registration form,
the document page and the JSON the pages poll, and a tampered file must never reach the green
"Toàn vẹn, hợp lệ" badge — a rule worth a unit test, not a chain of Jinja ``if``s. Input is the
stored JSON of :class:`eoffice.signing.validation.pdf.SignatureReport` (``inspection["signatures"]``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

__all__ = ["SignatureView", "SignatureCheckView", "signature_view", "check_view", "panel", "VALID_LABEL", "TAMPERED_LABEL"]

VALID_LABEL = "Toàn vẹn, hợp lệ"
TAMPERED_LABEL = "Tệp đã bị sửa nội dung sau khi ký"
PENDING_LABEL = "Đang kiểm tra chữ ký…"


@dataclass
class SignatureView:
    number: int
    signer: str
    organisation: Optional[str]
    issuer: Optional[str]
    kind_label: str  # "Chữ ký số" | "Dấu thời gian"
    verdict: str  # Vietnamese, one phrase
    tone: str  # css badge class: ok | warn | off
    tampered: bool
    trust_label: str
    trust_tone: str
    signing_time: Optional[str]  # ISO 8601, shown in Vietnam time by the template
    time_source: str  # how `signing_time` is known, in Vietnamese
    claimed_time: Optional[str]
    claimed_differs: bool
    changes: str  # what happened to the file after this signature
    changes_tone: str
    notes: list[str] = field(default_factory=list)  # further Vietnamese sentences (summary, expiry)
    received_at: Optional[str] = None  # no timestamp: when the office received the file (proof of existence)


def _verdict(report: dict[str, Any]) -> tuple[str, str, bool]:
    """(verdict, tone, tampered): broken before untrusted, tampered before valid."""
    if report.get("error"):
        return "Không kiểm tra được chữ ký", "off", False
    if not report.get("intact"):
        return "Không toàn vẹn: " + TAMPERED_LABEL[0].lower() + TAMPERED_LABEL[1:], "off", True
    if not report.get("valid"):
        return "Chữ ký không hợp lệ về mật mã", "off", False
    if report.get("modifications_allowed") is False:
        return TAMPERED_LABEL, "off", True
    if report.get("trusted") and report.get("expired_since"):
        return "Hợp lệ tại thời điểm ký; chứng thư số đã hết hạn sau đó", "ok", False
    if report.get("trusted"):
        return VALID_LABEL, "ok", False
    return "Toàn vẹn nhưng chưa xác thực được nguồn chứng thư", "warn", False


def _changes(report: dict[str, Any]) -> tuple[str, str]:
    if report.get("error") or not report.get("intact"):
        return "Phần đã ký bị thay đổi", "off"
    if report.get("covers_whole_document"):
        return "Không có thay đổi nào sau khi ký", "ok"
    if report.get("modifications_allowed") is False:
        return "Nội dung trang bị thay đổi sau khi ký (tệp bị sửa, không phải chữ ký bổ sung)", "off"
    if report.get("modifications_allowed"):
        return "Sau khi ký chỉ thêm chữ ký số hoặc chú thích (bình thường)", "ok"
    return "Có nội dung bổ sung sau khi ký chưa xác định được", "warn"


def _time_source(report: dict[str, Any]) -> str:
    if report.get("timestamp_time"):
        return "theo dấu thời gian (tổ chức cấp dấu thời gian xác nhận)"
    return "tự khai của người ký, không có dấu thời gian"


def signature_view(number: int, report: dict[str, Any], received_at: Optional[str] = None) -> SignatureView:
    verdict, tone, tampered = _verdict(report)
    changes, changes_tone = _changes(report)
    trusted = bool(report.get("trusted"))
    notes = [n for n in (report.get("summary"), report.get("error")) if n]
    if not trusted and report.get("untrusted_reason") and not report.get("error"):
        notes.append("Lý do chưa tin cậy: " + str(report["untrusted_reason"]) + ".")
    return SignatureView(
        number=number, signer=report.get("signer_common_name") or "(không rõ)", organisation=report.get("signer_org"),
        issuer=report.get("issuer_common_name"),
        kind_label="Dấu thời gian" if report.get("kind") == "timestamp" else "Chữ ký số",
        verdict=verdict, tone=tone, tampered=tampered,
        trust_label="Chứng thư tin cậy" if trusted else "Chưa xác thực được nguồn chứng thư",
        trust_tone="ok" if trusted else "warn",
        signing_time=report.get("signing_time"), time_source=_time_source(report),
        claimed_time=report.get("claimed_time") if report.get("timestamp_time") else None,
        claimed_differs=bool(report.get("claimed_time_differs")),
        changes=changes, changes_tone=changes_tone, notes=list(dict.fromkeys(notes)),
        received_at=None if report.get("timestamp_time") else received_at,
    )


@dataclass
class SignatureCheckView:
    state: Optional[str]  # None (no signatures) | pending | done
    signatures: list[SignatureView]
    warnings: list[str]
    received_at: Optional[str]
    retrying: Optional[str] = None  # Vietnamese, when the worker failed once and will retry

    @property
    def pending(self) -> bool:
        return self.state == "pending"

    @property
    def tampered(self) -> bool:
        return any(s.tampered for s in self.signatures)

    @property
    def all_valid(self) -> bool:
        return bool(self.signatures) and all(s.tone == "ok" and s.trust_tone == "ok" for s in self.signatures)


def check_view(inspection: Optional[dict[str, Any]], received_at: Optional[str] = None) -> SignatureCheckView:
    """Everything the signature panel shows for one stored file's inspection."""
    from eoffice.signing.validation.background import check_state

    inspection = inspection or {}
    check = inspection.get("signature_check") or {}
    received = check.get("received_at") or received_at
    reports = list(inspection.get("signatures") or [])
    views = [signature_view(i, r, received) for i, r in enumerate(reports, start=1)]
    warnings = list(inspection.get("signature_warnings") or [])
    if not warnings and views and not check:  # checked inside the upload: its warnings sit with the others
        warnings = [w for w in inspection.get("warnings") or [] if "ký số" in w]
    state = check_state(inspection)
    retrying = None
    if state == "pending" and check.get("last_error"):
        retrying = "Lần kiểm tra trước chưa thực hiện được; hệ thống sẽ tự thử lại."
    return SignatureCheckView(state=state, signatures=views, warnings=warnings, received_at=received, retrying=retrying)


def panel(stored: Any) -> SignatureCheckView:
    """The signature panel of a stored file (or of a link holding one: staged upload, work file)."""
    stored = getattr(stored, "stored", stored)
    uploaded = getattr(stored, "uploaded_at", None)
    return check_view(stored.inspection, uploaded.isoformat() if uploaded else None)
