"""The certificates the office trusts for signature validation.

Why certificates ship with the code: a decree signed under the Government's G2 CA must show as
trusted on a fresh install, with nothing configured. ``data/`` holds the public certificates of
the Vietnamese CAs (roots and their intermediates, some long expired: archived documents signed
while they were valid are still met). The migration seeds the trust-store table with them;
administrators add and remove certificates there (`eoffice.signing.trust.service`).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from typing import Any

from asn1crypto import x509 as asn1_x509

from eoffice.signing.validation.pdf import load_trust_roots

__all__ = ["bundled_certificates", "certificate_facts"]


def certificate_facts(cert: asn1_x509.Certificate) -> dict[str, Any]:
    """The trust-store columns of ``cert`` (fingerprint, names, validity, root or not, DER)."""
    from search.vietnamese import nfc

    return dict(sha256=hashlib.sha256(cert.dump()).hexdigest(), subject=nfc(cert.subject.human_friendly)[:500],
                issuer=nfc(cert.issuer.human_friendly)[:500], not_before=cert.not_valid_before,
                not_after=cert.not_valid_after, is_root=cert.self_signed in ("maybe", "yes"), der=cert.dump())


@lru_cache(maxsize=1)
def bundled_certificates() -> tuple[asn1_x509.Certificate, ...]:
    """The Vietnamese public CA certificates shipped in ``eoffice/signing/trust/data``."""
    data = resources.files(__package__).joinpath("data")
    return tuple(load_trust_roots(entry.read_bytes() for entry in sorted(data.iterdir(), key=lambda e: e.name)
                                  if entry.name.endswith(".pem")))
