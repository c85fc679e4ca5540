"""Putting one signature into a PDF with pyHanko, as an incremental update.

Levels: PAdES B-B always; B-T when a timestamp authority is configured (``tsa_url`` argument
or the app's ``SIGNING_TSA_URL``); B-LT when the signer's chain leads to a known root
(``trust_roots`` argument, the app's ``SIGNING_TRUST_ROOTS``, or a root shipped with the key)
and its revocation information can be fetched — then the OCSP/CRL answers go into the
document's DSS. The certificate is checked (validity period, revocation) before anything is
written, so a refused signing produces no output.

One aiohttp session per signing call carries everything that goes over the network (OCSP,
CRL, timestamp, remote signing), and is closed before returning."""
from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import aiohttp
from asn1crypto import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import SigningError as PyhankoSigningError
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.stamp import BaseStampStyle
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import ExpiredError, PathBuildingError, PathValidationError, RevokedError
from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
from pypdf import PdfReader
from pypdf.errors import PdfReadError as PypdfReadError

from eoffice.signing.validation.pdf import TrustAnchors, TrustRoot, load_trust_roots, run_coroutine

from .appearance import (
    AgencySignature,
    Appearance,
    AttachmentSignature,
    Box,
    LeaderSignature,
    attachment_box,
    leader_box,
    image_style,
    seal_box,
    signing_time_text,
    text_style,
)
from .errors import SigningError
from .keys import CscKey, KeySource, check_validity_period, open_signer
from .numbering import DATE_FIELD, NUMBER_FIELD, add_text_field, number_box

log = logging.getLogger(__name__)

__all__ = ["sign_pdf", "async_sign_pdf", "signature_fields", "SignatureField", "signing_settings", "SigningSettings"]


@dataclass(frozen=True)
class SignatureField:
    name: str
    page: int  # 0-based
    box: Box
    signed: bool


def open_reader(pdf: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(pdf))
        len(reader.pages)
    except (PypdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SigningError("unreadable_pdf") from exc
    return reader


def signature_fields(pdf: bytes | PdfReader) -> list[SignatureField]:
    """Signature fields with a widget on a page, in page then annotation order."""
    reader = pdf if isinstance(pdf, PdfReader) else open_reader(pdf)
    found: list[SignatureField] = []
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            field = annot if "/T" in annot else annot.get("/Parent", annot).get_object()
            if field.get("/FT") != "/Sig" or annot.get("/Subtype") != "/Widget":
                continue
            rect = tuple(float(v) for v in annot["/Rect"])
            box = (min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3]))
            found.append(SignatureField(str(field["/T"]), index, box, "/V" in field))
    return found


def _has_field(reader: PdfReader, name: str) -> bool:
    form = reader.trailer["/Root"].get("/AcroForm")
    return form is not None and any(f.get_object().get("/T") == name for f in form.get_object().get("/Fields", ()))


def _config(name: str) -> Any:
    try:
        from flask import current_app, has_app_context
    except ImportError:  # pragma: no cover - flask is a dependency
        return None
    return current_app.config.get(name) if has_app_context() else None


@dataclass(frozen=True)
class SigningSettings:
    tsa_url: str | None
    anchors: TrustAnchors
    archive_timestamp: bool = False  # PAdES B-LTA when the signature is B-LT


def _office_trust_store() -> list[x509.Certificate] | None:
    """Inside the app: the CAs the office trusts (the trust store, seeded with the Vietnamese
    public CAs), so a token's certificate is checked for revocation against its real CA even
    when the token carries no root."""
    try:
        from flask import has_app_context
    except ImportError:  # pragma: no cover
        return None
    if not has_app_context():
        return None
    from eoffice.signing.trust.service import active_certificates

    try:
        return active_certificates()
    except Exception:  # noqa: BLE001 - an unmigrated database must not stop signing; B-B/B-T still work
        log.warning("trust store unreadable; signing without revocation pre-check", exc_info=True)
        return None


def signing_settings(tsa_url: str | None = None, trust_roots: Iterable[TrustRoot] | None = None,
                     archive_timestamp: bool | None = None) -> SigningSettings:
    """Arguments win over the app config (``SIGNING_TSA_URL``, ``SIGNING_TRUST_ROOTS``,
    ``SIGNING_PADES_LTA``), which wins over the office's trust store."""
    roots = trust_roots if trust_roots is not None else _config("SIGNING_TRUST_ROOTS")
    if roots is None:
        roots = _office_trust_store()
    lta = archive_timestamp if archive_timestamp is not None else bool(_config("SIGNING_PADES_LTA"))
    return SigningSettings(tsa_url or _config("SIGNING_TSA_URL") or None, TrustAnchors.split(load_trust_roots(roots)), lta)


def _new_field_name(existing: list[SignatureField], prefix: str) -> str:
    names = {f.name for f in existing}
    n = 1
    while f"{prefix}{n}" in names:
        n += 1
    return f"{prefix}{n}"


def _placement(reader: PdfReader, appearance: Appearance, existing: list[SignatureField], field_name: str | None,
               now: datetime) -> tuple[str, int, Box, BaseStampStyle]:
    """(field name, 0-based page, box, stamp style) for the appearance."""
    if isinstance(appearance, LeaderSignature):
        page, box = leader_box(reader, appearance)
        name = field_name or _new_field_name(existing, "LanhDao")
        if appearance.image_png is not None:
            return name, page, box, image_style(appearance.image_png)
        return name, page, box, text_style(f"Đã ký\n{appearance.name}", 10)
    if isinstance(appearance, AgencySignature):
        signed = [f for f in existing if f.signed]
        if appearance.over_field is not None:
            target = next((f for f in existing if f.name == appearance.over_field), None)
        else:
            target = signed[-1] if signed else None
        if target is None:
            raise SigningError("field_not_found")
        name = field_name or _new_field_name(existing, "CoQuan")
        if appearance.seal_png is not None:
            return name, target.page, seal_box(target.box), image_style(appearance.seal_png)
        return name, target.page, seal_box(target.box), text_style(appearance.agency_name, 8)
    if isinstance(appearance, AttachmentSignature):
        name = field_name or _new_field_name(existing, "DinhKem")
        text = f"{appearance.agency_name}\nSố: {appearance.notation}\nThời gian ký: {signing_time_text(now)}"
        return name, 0, attachment_box(reader), text_style(text, 10, align_right=True)
    raise TypeError(f"unknown appearance {type(appearance).__name__}")


async def _check_certificate(signer: signers.Signer, settings: SigningSettings,
                             http: aiohttp.ClientSession) -> ValidationContext | None:
    """Refuse an expired or revoked certificate; return the context for B-LT when the chain
    reaches a known root and revocation data was fetched, else ``None`` (B-B/B-T only).
    The same context then serves pyHanko's embedding, so nothing is fetched twice."""
    cert = signer.signing_cert
    if cert is None:
        raise SigningError("key_not_found")
    check_validity_period(cert)
    carried = list(signer.cert_registry) if signer.cert_registry is not None else []
    roots = list(settings.anchors.roots) + [c for c in carried if c.self_signed == "yes"]
    if not roots:
        return None
    context = ValidationContext(
        trust_roots=roots, other_certs=carried + list(settings.anchors.intermediates), allow_fetching=True,
        revocation_mode="soft-fail", fetcher_backend=AIOHttpFetcherBackend(http, per_request_timeout=10))
    try:
        await CertificateValidator(cert, intermediate_certs=carried, validation_context=context).async_validate_usage(
            set(), extended_optional=True)
    except RevokedError as exc:
        raise SigningError("cert_revoked") from exc
    except ExpiredError as exc:
        raise SigningError("cert_expired") from exc
    except (PathBuildingError, PathValidationError):
        return None  # not our root, or an intermediate is missing: sign without long-term data
    if not (context.ocsps or context.crls):
        return None
    return context


def _check_approved(pdf: bytes, approved_sha256: str | None) -> None:
    if approved_sha256 is not None and hashlib.sha256(pdf).hexdigest() != approved_sha256.strip().lower():
        raise SigningError("not_approved_version")


async def async_sign_pdf(
    pdf: bytes,
    key: KeySource,
    appearance: Appearance,
    *,
    field_name: str | None = None,
    reason: str | None = None,
    tsa_url: str | None = None,
    trust_roots: Iterable[TrustRoot] | None = None,
    approved_sha256: str | None = None,
    archive_timestamp: bool | None = None,
) -> bytes:
    """:func:`sign_pdf` for callers already inside an event loop."""
    _check_approved(pdf, approved_sha256)
    reader = open_reader(pdf)
    existing = signature_fields(reader)
    if field_name is not None and any(f.name == field_name and f.signed for f in existing):
        raise SigningError("signing_failed", f"Trường chữ ký “{field_name}” đã được ký. Hãy chọn tên trường khác.")
    settings = signing_settings(tsa_url, trust_roots, archive_timestamp)
    now = datetime.now(timezone.utc)
    name, page, box, style = _placement(reader, appearance, existing, field_name, now)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except Exception as exc:  # noqa: BLE001 - pyHanko's parse errors have no common base
        raise SigningError("unreadable_pdf") from exc
    if isinstance(appearance, LeaderSignature):
        if appearance.number_field and not _has_field(reader, NUMBER_FIELD):
            add_text_field(writer, NUMBER_FIELD, *number_box(reader))
        if appearance.date_box is not None and not _has_field(reader, DATE_FIELD):
            add_text_field(writer, DATE_FIELD, 0, appearance.date_box)

    async with aiohttp.ClientSession() as http:
        async with open_signer(key, http) as signer:
            validation_context = await _check_certificate(signer, settings, http)
            meta = signers.PdfSignatureMetadata(
                field_name=name, reason=reason, subfilter=SigSeedSubFilter.PADES,
                embed_validation_info=validation_context is not None, validation_context=validation_context,
                use_pades_lta=bool(settings.archive_timestamp and settings.tsa_url and validation_context is not None))
            pdf_signer = signers.PdfSigner(
                meta, signer=signer, stamp_style=style,
                timestamper=HTTPTimeStamper(settings.tsa_url, timeout=10, session=http) if settings.tsa_url else None,
                new_field_spec=None if any(f.name == name for f in existing)
                else fields.SigFieldSpec(name, on_page=page, box=box))
            output = io.BytesIO()
            try:
                await pdf_signer.async_sign_pdf(writer, output=output)
            except SigningError:
                raise
            except Exception as exc:  # noqa: BLE001 - mapped to what the user can act on
                raise _explain(exc, key) from exc
    return output.getvalue()


def sign_pdf(
    pdf: bytes,
    key: KeySource,
    appearance: Appearance,
    *,
    field_name: str | None = None,
    reason: str | None = None,
    tsa_url: str | None = None,
    trust_roots: Iterable[TrustRoot] | None = None,
    approved_sha256: str | None = None,
    archive_timestamp: bool | None = None,
) -> bytes:
    """Add one signature as an incremental update (earlier signatures stay valid) and return
    the new PDF. ``approved_sha256`` is the hash of the version the leader approved: any
    other bytes are refused. ``archive_timestamp`` makes a B-LT signature B-LTA (a document
    timestamp after it). Raises :class:`SigningError` and returns nothing when signing is
    refused."""
    return run_coroutine(async_sign_pdf(pdf, key, appearance, field_name=field_name, reason=reason, tsa_url=tsa_url,
                                        trust_roots=trust_roots, approved_sha256=approved_sha256,
                                        archive_timestamp=archive_timestamp))


def _explain(exc: BaseException, key: KeySource) -> SigningError:
    if _caused_by(exc, TimestampRequestError):
        return SigningError("tsa_unreachable")
    if _caused_by(exc, RevokedError):
        return SigningError("cert_revoked")
    if isinstance(key, CscKey) and (_caused_by(exc, PyhankoSigningError) or _caused_by(exc, aiohttp.ClientError)):
        return SigningError("remote_signing_failed")
    log.warning("signing failed for an unexpected reason", exc_info=exc)  # for support staff; the user gets the message
    return SigningError("signing_failed")


def _caused_by(exc: BaseException | None, kind: type[BaseException]) -> bool:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, kind):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False
