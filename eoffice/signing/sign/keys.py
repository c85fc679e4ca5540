"""Where the private key lives, as typed at signing time, and the pyHanko signer for each.

Three sources, because Vietnamese offices use all three: a PKCS#12 file (.p12 from the CA),
a USB token (PKCS#11), and remote signing (SIM/cloud signing over the Cloud Signature
Consortium API). Passwords and PINs are only held in these frozen values for the length of one
signing call (they are left out of ``repr`` so they never reach a log); nothing here stores
them."""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, AsyncIterator, Union

import aiohttp
from asn1crypto import x509
from pyhanko.sign import signers
from pyhanko.sign.signers import csc_signer

from .errors import SigningError

__all__ = ["Pkcs12Key", "Pkcs11Key", "CscKey", "KeySource", "open_signer", "check_validity_period"]


@dataclass(frozen=True)
class Pkcs12Key:
    """A PKCS#12 file's bytes and the password typed at signing time (never stored)."""

    data: bytes = field(repr=False)
    password: str = field(repr=False)


@dataclass(frozen=True)
class Pkcs11Key:
    """A token: PKCS#11 module path, token label, the label of the key and its certificate
    (they share one label on tokens issued by Vietnamese CAs), and the PIN typed now.
    ``chain`` adds CA certificates (DER) the token does not carry."""

    module: str
    token_label: str
    key_label: str
    pin: str = field(repr=False)
    chain: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class CscKey:
    """Remote signing over the Cloud Signature Consortium API (v1).

    Each signature is authorised through ``credentials/authorize`` with the document hash
    (hash pinning, as SCAL 2 services require) and the ``pin``/``otp`` the user typed. A
    service that hands out the SAD out of band (an approval in the provider's phone app) passes
    it as ``sad`` instead."""

    service_url: str
    credential_id: str
    auth_token: str | None = field(default=None, repr=False)
    pin: str | None = field(default=None, repr=False)
    otp: str | None = field(default=None, repr=False)
    sad: str | None = field(default=None, repr=False)


KeySource = Union[Pkcs12Key, Pkcs11Key, CscKey]


def check_validity_period(cert: x509.Certificate, now: datetime | None = None) -> None:
    """Refuse a certificate outside its validity period before anything is written: a
    signature made with it would be worthless, and the user should hear why now."""
    now = now or datetime.now(timezone.utc)
    validity = cert["tbs_certificate"]["validity"]
    if not (validity["not_before"].native <= now <= validity["not_after"].native):
        raise SigningError("cert_expired")


def _pkcs12_signer(key: Pkcs12Key) -> signers.Signer:
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(key.data, other_certs=(), passphrase=key.password.encode("utf-8"))
    except ValueError as exc:  # cryptography: "Invalid password or PKCS12 data"
        raise SigningError("wrong_password") from exc
    if signer is None:
        raise SigningError("wrong_password")
    return signer


@contextlib.contextmanager
def _pkcs11_signer(key: Pkcs11Key):  # type: ignore[no-untyped-def]
    from pkcs11 import exceptions as p11_exc
    from pyhanko.sign import pkcs11 as ph_p11

    try:
        session = ph_p11.open_pkcs11_session(
            key.module, token_criteria=ph_p11.TokenCriteria(label=key.token_label), user_pin=key.pin)
    except (p11_exc.PinIncorrect, p11_exc.PinInvalid, p11_exc.PinLenRange) as exc:
        raise SigningError("wrong_pin") from exc
    except p11_exc.PinLocked as exc:
        raise SigningError("pin_locked") from exc
    except Exception as exc:  # no such module/token: pyHanko wraps these in its own error type
        raise SigningError("key_not_found") from exc
    try:
        chain = [x509.Certificate.load(der) for der in key.chain]
        signer = ph_p11.PKCS11Signer(session, cert_label=key.key_label, key_label=key.key_label, ca_chain=chain,
                                     other_certs_to_pull=None)  # None: every CA certificate on the token
        try:
            signer.signing_cert  # noqa: B018 - loads key and certificate now, so a wrong label fails here
        except Exception as exc:
            raise SigningError("key_not_found") from exc
        yield signer
    finally:
        session.close()


class _PinnedHashAuthorization(csc_signer.CSCAuthorizationManager):
    """Asks ``credentials/authorize`` for a SAD bound to the hashes about to be signed, with
    the PIN/OTP the user typed: the SAD then cannot be replayed for another document."""

    def __init__(self, session_info: csc_signer.CSCServiceSessionInfo, credential_info: csc_signer.CSCCredentialInfo,
                 key: CscKey, http: Any) -> None:
        super().__init__(session_info, credential_info)
        self._key = key
        self._http = http

    async def authorize_signature(self, hash_b64s: list[str]) -> csc_signer.CSCAuthorizationInfo:
        body = self.format_csc_auth_request(pin=self._key.pin, otp=self._key.otp, hash_b64s=hash_b64s)
        url = self.csc_session_info.endpoint_url("credentials/authorize")
        async with self._http.post(url, json=body, headers=self.auth_headers) as resp:
            if resp.status != 200:
                raise SigningError("remote_signing_failed")
            return self.parse_csc_auth_response(await resp.json())


@contextlib.asynccontextmanager
async def _csc_signer(key: CscKey, http: Any) -> AsyncIterator[signers.Signer]:
    session_info = csc_signer.CSCServiceSessionInfo(key.service_url.rstrip("/"), key.credential_id,
                                                    oauth_token=key.auth_token)
    try:
        info = await csc_signer.fetch_certs_in_csc_credential(http, session_info)
    except Exception as exc:  # pyHanko wraps HTTP failures; a refused connection means the service is down
        down = isinstance(exc.__cause__ or exc.__context__, aiohttp.ClientConnectionError)
        raise SigningError("remote_signing_failed" if down else "key_not_found") from exc
    if key.sad:
        manager: Any = csc_signer.PrefetchedSADAuthorizationManager(
            session_info, info, csc_signer.CSCAuthorizationInfo(sad=key.sad))
    else:
        manager = _PinnedHashAuthorization(session_info, info, key, http)
    yield csc_signer.CSCSigner(http, auth_manager=manager)


@contextlib.asynccontextmanager
async def open_signer(key: KeySource, http: Any) -> AsyncIterator[signers.Signer]:
    """The pyHanko signer for ``key``; closes the token session it opened. ``http`` is the
    aiohttp session of this signing call (remote signing talks through it)."""
    if isinstance(key, Pkcs12Key):
        yield _pkcs12_signer(key)
    elif isinstance(key, Pkcs11Key):
        with _pkcs11_signer(key) as signer:
            yield signer
    elif isinstance(key, CscKey):
        async with _csc_signer(key, http) as signer:
            yield signer
    else:
        raise TypeError(f"unknown key source {type(key).__name__}")
