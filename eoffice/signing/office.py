"""How this office signs an outgoing document: the leader's key for their signature, the
agency's seal key for the number and the seal (the `PdfSigner` and `Stamper` that
eoffice.outgoing.issuance takes).

The leader brings the key each time (a PKCS#12 file and its password, a USB token's PIN, or a
remote-signing PIN/OTP): nothing of it is stored. The agency's seal key lives with the server
(an HSM or token reached through PKCS#11, or a PKCS#12 file), configured by the administrator
in EOFFICE_SEAL_* settings together with the red seal image; without it the clerk issues the
leader-signed PDF with the number written in, but no agency signature.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from eoffice import current_settings
from eoffice.signing.sign import (
    AgencySignature, KeySource, LeaderSignature, Pkcs11Key, Pkcs12Key, SigningError, sign_pdf, stamp_number,
)

PdfSigner = Callable[[bytes], bytes]
Stamper = Callable[[bytes, str], bytes]
IMAGE_MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class LeaderKeyChoice:
    """What the leader gave on the signing form: which kind of key, and its secret."""

    method: str  # p12 | token
    p12: bytes = b""
    password: str = ""
    token_label: str = ""
    key_label: str = ""
    pin: str = ""

    def key(self) -> KeySource:
        if self.method == "p12":
            if not self.p12:
                raise SigningError("missing_key", "Hãy chọn tệp chứng thư số (.p12 hoặc .pfx) của bạn.")
            return Pkcs12Key(self.p12, self.password)
        if self.method == "token":
            module = current_settings().pkcs11_module
            if not module:
                raise SigningError("token_not_configured", "Máy chủ chưa được cài thư viện PKCS#11 cho USB token "
                                   "(EOFFICE_PKCS11_MODULE); hãy ký bằng tệp .p12 hoặc báo quản trị.")
            if not self.token_label or not self.pin:
                raise SigningError("missing_pin", "Hãy nhập tên token và mã PIN.")
            return Pkcs11Key(module, self.token_label, self.key_label or self.token_label, self.pin)
        raise SigningError("unknown_method", "Hãy chọn cách ký: tệp .p12 hoặc USB token.")


def leader_signer(doc: Any, choice: LeaderKeyChoice, image_png: Optional[bytes] = None) -> PdfSigner:
    """Sign the approved version as the leader named on the draft, the image (if any) between
    the authority line and the name; only the approved bytes are accepted."""
    key = choice.key()
    appearance = LeaderSignature(None, None, doc.signer.full_name if doc.signer else "", image_png=_image(image_png))
    return lambda pdf: sign_pdf(pdf, key, appearance, approved_sha256=doc.approved_sha256,
                                reason=f"Ký ban hành {doc.title[:100]}")


def seal_key() -> Optional[KeySource]:
    """The agency seal's key from the settings, or None when none is configured."""
    settings = current_settings()
    if settings.pkcs11_module and settings.seal_token_label:
        return Pkcs11Key(settings.pkcs11_module, settings.seal_token_label, settings.seal_key_label or settings.seal_token_label,
                         settings.seal_pin)
    if settings.seal_p12_path:
        path = Path(settings.seal_p12_path)
        if not path.is_file():
            raise SigningError("seal_key_missing", f"Không thấy tệp khóa con dấu {path} (EOFFICE_SEAL_P12_PATH); báo quản trị.")
        return Pkcs12Key(path.read_bytes(), settings.seal_p12_password)
    return None


def agency_stamper(doc: Any) -> Stamper:
    """The number into its field, then — when a seal key is configured — the agency's signature
    with the seal over the left third of the leader's. Each an incremental update."""
    key = seal_key()
    settings = current_settings()
    image = Path(settings.seal_image_path).read_bytes() if settings.seal_image_path else None

    def stamp(pdf: bytes, notation: str) -> bytes:
        numbered = stamp_number(pdf, notation)
        if key is None:
            return numbered
        return sign_pdf(numbered, key, AgencySignature(doc.agency.name.upper(), seal_png=image),
                        reason=f"Ban hành văn bản {notation}")

    return stamp


def _image(data: Optional[bytes]) -> Optional[bytes]:
    if not data:
        return None
    if len(data) > IMAGE_MAX_BYTES:
        raise SigningError("image_too_large", "Ảnh chữ ký lớn quá 2 MB; hãy dùng ảnh PNG nhỏ hơn.")
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise SigningError("image_not_png", "Ảnh chữ ký phải là tệp PNG (nền trong suốt).")
    return data
