"""Read and validate the digital signatures embedded in a PDF, with pyHanko.

Why a module of its own: the incoming flow must check authenticity and integrity on receipt
(Decree 30/2020, art. 20), and the clerk needs a plain answer per signature — intact? whose?
when? from a trusted CA? — not pyHanko's status objects. Everything here returns plain values
(str, bool, datetime) so the result can be stored as JSON next to the file.

Validation never fetches anything from the network (government networks are often closed and
an upload must not hang on an OCSP responder): revocation is "soft-fail", and trust means
"chains to one of the roots the caller gave". With no roots every signature is untrusted —
pyHanko's fallback to the operating system's TLS roots is deliberately not used.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import io
import logging
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Coroutine, Iterable, Optional, Sequence, TypeVar, Union

from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509

from search.vietnamese import nfc

log = logging.getLogger(__name__)

__all__ = ["SignatureReport", "TrustAnchors", "TrustRoot", "load_trust_roots", "read_signatures", "trust_roots_in"]

T = TypeVar("T")
TrustRoot = Union[asn1_x509.Certificate, bytes, str, Path, Any]  # Any: a `cryptography` certificate


@dataclass
class SignatureReport:
    """One embedded signature (or document timestamp), as the clerk should see it."""

    field_name: str
    kind: str  # "signature" | "timestamp"
    signer_common_name: Optional[str]  # NFC, e.g. "Nguyễn Văn Hòa" or the agency's name for a seal
    signer_org: Optional[str]
    issuer_common_name: Optional[str]  # the CA that issued the signer's certificate
    signing_time: Optional[datetime]  # time-zone aware; claimed by the signer unless timestamped
    timestamp_time: Optional[datetime]  # from a trusted timestamp authority, if any
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature checks out
    trusted: bool  # the certificate chains to a given trust root (and intact and valid)
    covers_whole_document: bool  # nothing was appended after this signature
    modification_level: Optional[str]  # after signing: NONE, LTA_UPDATES, FORM_FILLING, ANNOTATIONS, OTHER
    modifications_allowed: Optional[bool]  # appended changes are of a permitted kind (e.g. later signatures)
    summary: str  # one Vietnamese sentence for the UI
    technical_summary: str  # pyHanko's own, for support staff
    error: Optional[str] = None  # Vietnamese, when the signature could not be checked at all
    untrusted_reason: Optional[str] = None  # Vietnamese: why ``trusted`` is False (expired, SHA-1, unknown CA …)
    digest_algorithm: Optional[str] = None  # "sha256"; old tokens still sign with "sha1"
    claimed_time: Optional[datetime] = None  # the signer's own /M (or signingTime): "thời gian tự khai"
    claimed_time_differs: bool = False  # the claim is more than CLAIM_TOLERANCE from the timestamp
    expired_since: bool = False  # trusted at the proven signing time; the certificate expired later

    @property
    def ok(self) -> bool:
        """Intact, valid, trusted and not followed by disallowed changes."""
        return self.intact and self.valid and self.trusted and self.modifications_allowed is not False

    @property
    def tampered(self) -> bool:
        """The file was changed after this signature in a way that is not a later signature or
        annotation (content painted over, a page replaced) — never shown as "toàn vẹn"."""
        return not self.intact or self.modifications_allowed is False


# Signer software often writes local time (UTC+7) labelled as UTC: a claim this far from the
# timestamp is shown as a warning, not silently.
CLAIM_TOLERANCE = timedelta(minutes=10)
TAMPERED = "Tệp đã bị sửa nội dung sau khi ký"


def _to_asn1(root: TrustRoot) -> list[asn1_x509.Certificate]:
    if isinstance(root, asn1_x509.Certificate):
        return [root]
    if isinstance(root, (str, Path)):
        return _to_asn1(Path(root).read_bytes())
    if isinstance(root, (bytes, bytearray)):
        data = bytes(root)
        if asn1_pem.detect(data):
            return [asn1_x509.Certificate.load(der) for _, _, der in asn1_pem.unarmor(data, multiple=True)]
        return [asn1_x509.Certificate.load(data)]
    public_bytes = getattr(root, "public_bytes", None)  # cryptography.x509.Certificate
    if public_bytes is not None:
        from cryptography.hazmat.primitives.serialization import Encoding

        return [asn1_x509.Certificate.load(public_bytes(Encoding.DER))]
    raise TypeError(f"unsupported trust root: {type(root).__name__}")


def load_trust_roots(roots: Optional[Iterable[TrustRoot]]) -> list[asn1_x509.Certificate]:
    """Certificates from asn1crypto/cryptography objects, PEM/DER bytes or files (PEM files
    may hold several, e.g. the national root CA and its subordinate CAs)."""
    loaded: list[asn1_x509.Certificate] = []
    for root in roots or ():
        loaded.extend(_to_asn1(root))
    return loaded


CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der")


def trust_roots_in(directory: Path) -> list[asn1_x509.Certificate]:
    """Every certificate in the files of `directory` (an office drops the national root CA and
    the government CA there). A file that is not a certificate is logged and skipped, so one bad
    file never stops the clerks from registering documents."""
    loaded: list[asn1_x509.Certificate] = []
    if not directory.is_dir():
        return loaded
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() not in CERTIFICATE_SUFFIXES:
            continue
        try:
            loaded.extend(_to_asn1(path))
        except (ValueError, TypeError, OSError) as exc:
            log.warning("trust root %s skipped: not a certificate (%s)", path, exc)
    return loaded


def _name_part(name: asn1_x509.Name, key: str) -> Optional[str]:
    try:
        value = name.native.get(key)
    except Exception:  # noqa: BLE001 - malformed names happen in the wild
        return None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return nfc(str(value)).strip() if value else None


_NOT_TRUSTED = "chưa xác thực được nguồn cấp chứng thư số (không thuộc danh sách tin cậy đã cấu hình)"
# Why a chain did not validate, by pyHanko's AdES sub-indication name: the clerk must be able to
# tell "our trust list lacks this CA" from "the certificate expired" or "old SHA-1 token".
_UNTRUSTED_REASONS = {
    "NO_CERTIFICATE_CHAIN_FOUND": _NOT_TRUSTED,
    "CRYPTO_CONSTRAINTS_FAILURE": "chữ ký dùng thuật toán đã lỗi thời (như SHA-1), không còn được chấp nhận; "
                                  "đề nghị nơi gửi ký lại bằng thiết bị ký số mới (SHA-256)",
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": "chữ ký dùng thuật toán đã lỗi thời (như SHA-1), không còn được chấp nhận; "
                                         "đề nghị nơi gửi ký lại bằng thiết bị ký số mới (SHA-256)",
    "EXPIRED": "chứng thư số đã hết hạn",
    "OUT_OF_BOUNDS_NO_POE": "chứng thư số đã hết hạn hoặc chưa có hiệu lực tại thời điểm kiểm tra",
    "OUT_OF_BOUNDS_NOT_REVOKED": "chứng thư số đã hết hạn hoặc chưa có hiệu lực tại thời điểm kiểm tra",
    "NOT_YET_VALID": "chứng thư số chưa có hiệu lực",
    "REVOKED": "chứng thư số đã bị thu hồi",
    "REVOKED_NO_POE": "chứng thư số đã bị thu hồi",
    "REVOKED_CA_NO_POE": "chứng thư số của tổ chức cấp đã bị thu hồi",
    "CHAIN_CONSTRAINTS_FAILURE": "chứng thư số không đúng mục đích ký số",
    "SIG_CONSTRAINTS_FAILURE": "chứng thư số không đúng mục đích ký số",
}


def _untrusted_reason(status: Any) -> Optional[str]:
    if status.trusted:
        return None
    indic = getattr(status, "trust_problem_indic", None)
    return _UNTRUSTED_REASONS.get(getattr(indic, "name", ""), _NOT_TRUSTED)


def _vietnamese_summary(intact: bool, valid: bool, trusted: bool, whole: bool,
                        allowed: Optional[bool], kind: str, untrusted_reason: Optional[str] = None,
                        expired_since: bool = False) -> str:
    what = "Dấu thời gian" if kind == "timestamp" else "Chữ ký"
    if not intact:
        return f"{what} không toàn vẹn: {TAMPERED.lower()}. Không dùng tệp này; đề nghị nơi gửi gửi lại."
    if not valid:
        return f"{what} không hợp lệ về mật mã. Đề nghị nơi gửi kiểm tra và gửi lại."
    if not whole and allowed is False:
        return (f"{TAMPERED} ({what.lower()} của bản đã ký còn nguyên, nhưng sau đó nội dung bị thay đổi — "
                "không phải chữ ký hay chú thích bổ sung). Thay đổi không được phép: đối chiếu với nơi gửi trước khi dùng.")
    parts = [f"{what} toàn vẹn, hợp lệ"]
    if trusted:
        parts.append("hợp lệ tại thời điểm ký, chứng thư số đã hết hạn sau đó" if expired_since
                     else "chứng thư số do tổ chức tin cậy cấp")
    else:
        parts.append(untrusted_reason or _NOT_TRUSTED)
    if not whole:
        parts.append("thay đổi sau đó: thêm chữ ký/chú thích (được phép)" if allowed
                     else "có nội dung bổ sung sau chữ ký này chưa xác định được")
    return "; ".join(parts) + "."


def _failed(field_name: str, kind: str, message: str, cert: Optional[asn1_x509.Certificate] = None) -> SignatureReport:
    subject = cert.subject if cert is not None else None
    issuer = cert.issuer if cert is not None else None
    return SignatureReport(
        field_name=field_name, kind=kind,
        signer_common_name=_name_part(subject, "common_name") if subject else None,
        signer_org=_name_part(subject, "organization_name") if subject else None,
        issuer_common_name=_name_part(issuer, "common_name") if issuer else None,
        signing_time=None, timestamp_time=None, intact=False, valid=False, trusted=False,
        covers_whole_document=False, modification_level=None, modifications_allowed=None,
        summary=message, technical_summary="ERROR", error=message,
    )


_EXPIRY_PROBLEMS = {"EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"}


@dataclass(frozen=True)
class TrustAnchors:
    """Self-signed certificates are anchors, every other one an intermediate offered to path
    building (an intermediate given as an anchor would make a chain "trusted" that stops short
    of the root)."""

    roots: tuple[asn1_x509.Certificate, ...]
    intermediates: tuple[asn1_x509.Certificate, ...]

    @classmethod
    def split(cls, certificates: Iterable[asn1_x509.Certificate]) -> "TrustAnchors":
        roots, intermediates = [], []
        for cert in certificates:
            (roots if cert.self_signed in ("maybe", "yes") else intermediates).append(cert)
        return cls(tuple(roots), tuple(intermediates))


def _context(anchors: TrustAnchors, moment: Optional[datetime]) -> Any:
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=list(anchors.roots), other_certs=list(anchors.intermediates),
                             allow_fetching=False, revocation_mode="soft-fail", moment=moment,
                             best_signature_time=moment)


def _missing_link(embedded: Any, anchors: TrustAnchors) -> Optional[str]:
    """Name the first issuer on the way up from the signer whose certificate is nowhere (not in
    the signature's CMS, not in the trust store): what the office must add."""
    try:
        carried = [c.chosen for c in embedded.signed_data["certificates"]]
        cert = embedded.signer_cert
    except Exception:  # noqa: BLE001
        return None
    known = carried + list(anchors.roots) + list(anchors.intermediates)
    by_subject = {c.subject.dump(): c for c in known}
    seen = set()
    while cert.issuer.dump() != cert.subject.dump() and cert.issuer.dump() not in seen:
        seen.add(cert.issuer.dump())
        parent = by_subject.get(cert.issuer.dump())
        if parent is None:
            issuer = _name_part(cert.issuer, "common_name") or cert.issuer.human_friendly
            return (f"chưa xác thực được nguồn cấp chứng thư số: thiếu chứng thư trung gian của {issuer} "
                    "(chưa có trong danh sách tin cậy; quản trị thêm vào nếu đây là tổ chức cấp hợp pháp)")
        cert = parent
    if not any(cert.dump() == r.dump() for r in anchors.roots):
        return (f"chưa xác thực được nguồn cấp chứng thư số: chứng thư gốc "
                f"{_name_part(cert.subject, 'common_name') or cert.subject.human_friendly} "
                "không thuộc danh sách tin cậy đã cấu hình")
    return None


async def _status_of(embedded: Any, kind: str, context: Any) -> Any:
    from pyhanko.sign.validation import pdf_embedded
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    from eoffice.signing.validation.diff_policy import DIFF_POLICY

    if kind == "timestamp":
        return await pdf_embedded.async_validate_pdf_timestamp(embedded, validation_context=context)
    # Agencies' seal certificates often carry only digitalSignature; accept either usage.
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    return await pdf_embedded.async_validate_pdf_signature(
        embedded, signer_validation_context=context, key_usage_settings=usage, diff_policy=DIFF_POLICY)


def _problem(status: Any) -> str:
    return getattr(getattr(status, "trust_problem_indic", None), "name", "")


async def _validate_one(embedded: Any, anchors: TrustAnchors, context: Any,
                        received_at: Optional[datetime]) -> SignatureReport:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    field_name = str(embedded.field_name or "")
    kind = "timestamp" if embedded.sig_object_type == "/DocTimeStamp" else "signature"
    try:
        cert = embedded.signer_cert
    except Exception:  # noqa: BLE001
        cert = None
    try:
        status = await _status_of(embedded, kind, context)
        timestamp = getattr(status, "timestamp_validity", None)
        proven = (timestamp.timestamp if timestamp is not None and timestamp.intact and timestamp.valid
                  and timestamp.trusted else None)
        if not status.trusted and _problem(status) in _EXPIRY_PROBLEMS and (proven or received_at):
            # Validate at the proven signing time: a certificate that expired later does not
            # make an archived decree untrusted.
            retry = await _status_of(embedded, kind, _context(anchors, proven or received_at))
            if retry.trusted:
                status = retry
        # Trusted at the time that counts, yet the certificate has run out since: say so.
        expired_since = bool(status.trusted) and status.signing_cert.not_valid_after < datetime.now(timezone.utc)
    except Exception as exc:  # noqa: BLE001 - any malformed signature must not break the upload
        log.info("signature %s could not be validated: %r", field_name, exc)
        return _failed(field_name, kind, "Không kiểm tra được chữ ký số này (cấu trúc chữ ký lỗi hoặc không được hỗ trợ).", cert)

    subject = status.signing_cert.subject
    timestamp = getattr(status, "timestamp_validity", None)
    timestamp_time = timestamp.timestamp if timestamp is not None and timestamp.intact and timestamp.valid else None
    if kind == "timestamp":
        timestamp_time = status.timestamp
    claimed = getattr(status, "signer_reported_dt", None)
    signing_time = timestamp_time or claimed  # a trusted timestamp wins over the signer's own clock
    differs = bool(claimed and timestamp_time and abs(claimed - timestamp_time) > CLAIM_TOLERANCE)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    allowed = True if whole else status.docmdp_ok
    trusted = bool(status.trusted)
    reason = _untrusted_reason(status)
    if reason is not None and _problem(status) == "NO_CERTIFICATE_CHAIN_FOUND":
        reason = _missing_link(embedded, anchors) or reason
    summary = _vietnamese_summary(bool(status.intact), bool(status.valid), trusted, whole, allowed, kind, reason,
                                  expired_since)
    changed = _filled_fields_changed(embedded) if not whole and status.intact else []
    if changed:
        allowed, summary = False, _changed_fields_summary(changed)
    if differs:
        summary += (f" Thời gian tự khai của người ký lệch {_hours(claimed - timestamp_time)} so với dấu thời gian "
                    "(phần mềm ký thường ghi giờ Việt Nam nhưng gắn nhãn UTC); thời điểm ký lấy theo dấu thời gian.")
    return SignatureReport(
        field_name=field_name, kind=kind,
        signer_common_name=_name_part(subject, "common_name"),
        signer_org=_name_part(subject, "organization_name"),
        issuer_common_name=_name_part(status.signing_cert.issuer, "common_name"),
        signing_time=signing_time, timestamp_time=timestamp_time,
        intact=bool(status.intact), valid=bool(status.valid), trusted=trusted,
        covers_whole_document=whole,
        modification_level=level.name if level is not None else None,
        modifications_allowed=allowed,
        summary=summary,
        technical_summary=status.summary(),
        untrusted_reason=reason,
        digest_algorithm=getattr(status, "md_algorithm", None),
        claimed_time=claimed, claimed_time_differs=differs, expired_since=expired_since,
    )


_FIELD_LABELS = {"SoKyHieu": "Số, ký hiệu", "NgayBanHanh": "Ngày ban hành"}
_MAX_FIELDS = 500


def _text_field_values(root: Any) -> dict[str, str]:
    """Fully qualified name → value of every filled text field in one revision's form."""
    values: dict[str, str] = {}
    try:
        fields = root["/AcroForm"]["/Fields"]
    except (KeyError, TypeError):
        return values
    stack = [(field, "", None) for field in fields]
    while stack and len(values) < _MAX_FIELDS:
        ref, prefix, inherited_type = stack.pop()
        field = ref.get_object()
        name = f"{prefix}.{field.get('/T')}" if prefix and field.get("/T") else str(field.get("/T") or prefix)
        field_type = field.get("/FT", inherited_type)
        for kid in field.get("/Kids", ()) if len(stack) < _MAX_FIELDS else ():
            stack.append((kid, name, field_type))
        value = field.get("/V")
        if field_type == "/Tx" and value is not None and str(value).strip():
            values[name] = unicodedata.normalize("NFC", str(value))
    return values


def _filled_fields_changed(embedded: Any) -> list[tuple[str, str, str]]:
    """Text fields that were already filled when this signature was made and hold another value
    now. Form filling after a signature is allowed (the clerk writes the number in after the
    leader signs), but changing what the signer saw — the number under the agency's seal — is
    a tamper the difference analysis files under "form filling"."""
    try:
        before = _text_field_values(embedded.reader.get_historical_root(embedded.signed_revision))
        after = _text_field_values(embedded.reader.root)
    except Exception as exc:  # noqa: BLE001 - an odd form must not stop the report
        log.info("form fields of %s not compared: %r", embedded.field_name, exc)
        return []
    return [(name, value, after.get(name, "")) for name, value in sorted(before.items()) if after.get(name, "") != value]


def _changed_fields_summary(changed: list[tuple[str, str, str]]) -> str:
    parts = [f"{_FIELD_LABELS.get(name, f'trường “{name}”')}: “{before}” → “{after or '(trống)'}”"
             for name, before, after in changed[:3]]
    return (f"{TAMPERED}: nội dung đã có khi ký bị sửa sau đó ({'; '.join(parts)}). "
            "Không dùng tệp này; đối chiếu với nơi gửi.")


def _hours(delta: timedelta) -> str:
    minutes = round(abs(delta.total_seconds()) / 60)
    return f"{minutes // 60} giờ {minutes % 60} phút" if minutes >= 60 else f"{minutes} phút"


async def _validate_all(data: bytes, anchors: TrustAnchors, received_at: Optional[datetime]) -> list[SignatureReport]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    if reader.encrypted:
        reader.decrypt("")
    # One context for every signature of the file: certificates and paths are parsed once.
    context = _context(anchors, received_at)
    return [await _validate_one(embedded, anchors, context, received_at) for embedded in reader.embedded_signatures]


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run pyHanko's async validation from sync code. ``asyncio.run`` refuses to start inside a
    running event loop (an async worker, a notebook); there it runs on a short-lived thread."""
    try:
        asyncio.get_running_loop()
        in_loop = True
    except RuntimeError:
        in_loop = False
    if not in_loop:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def read_signatures(data: bytes, trust_roots: Optional[Iterable[TrustRoot]] = None, *,
                    received_at: Optional[datetime] = None) -> list[SignatureReport]:
    """Validate every signature in the PDF ``data``, in the order they were applied.

    ``trust_roots`` are all the certificates the office trusts (self-signed ones become anchors,
    the others intermediates). ``received_at`` is when the file reached us: a certificate that
    expired after it is still judged valid when no trusted timestamp proves an earlier time.

    Raises nothing for a damaged signature (it is reported with ``error``); a PDF whose
    signature dictionary pyHanko cannot even enumerate gives a single error report.
    """
    if b"/ByteRange" not in data:  # no signature dictionary at all: spare pyHanko the parse
        return []
    anchors = TrustAnchors.split(load_trust_roots(trust_roots))
    try:
        return run_coroutine(_validate_all(data, anchors, received_at))
    except Exception as exc:  # noqa: BLE001
        log.info("signatures could not be read: %r", exc)
        return [_failed("", "signature", "Tệp có vùng chữ ký số nhưng không đọc được (tệp PDF lỗi cấu trúc).")]
