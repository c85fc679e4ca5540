"""A served test PKI for the signing tests, built with certomancer: a root, an intermediate
("the government CA"), the leader's and the agency's certificates, an expired and a revoked
leader, an OCSP responder, CRLs and an RFC 3161 timestamp authority — all answering over HTTP
on 127.0.0.1, so pyHanko fetches revocation data and timestamps the way it does in production.

Why served and not in-process: B-T and B-LT are only meaningful when the timestamp and the
OCSP/CRL answers travel the same way they do against a real CA. Keys are generated on the
spot (nothing is downloaded); one PKI per test process.

    pki = served_pki()
    pki.pkcs12("leader", "mat-khau")  # PKCS#12 with the chain, for Pkcs12Key
    pki.tsa_url, pki.root_pem
"""
from __future__ import annotations

import asyncio
import base64
import io
import tempfile
import threading
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

__all__ = ["ServedPki", "served_pki", "serve_csc", "ARCH", "SIGNER_LABELS"]

ARCH = "eoffice"
SIGNER_LABELS = ("leader", "agency", "leader-expired", "leader-revoked")
_KEYS = ("root", "interm", "interm-ocsp", "tsa", *SIGNER_LABELS)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _key_usage(*usages: str) -> dict[str, Any]:
    return {"id": "key_usage", "critical": True, "smart-value": {"schema": "key-usage", "params": list(usages)}}


def _signer(issuer: str, subject: str, start: datetime, end: datetime, **extra: Any) -> dict[str, Any]:
    spec = {
        "subject": subject, "issuer": issuer,
        "validity": {"valid-from": _iso(start), "valid-to": _iso(end)},
        "extensions": [
            _key_usage("digital_signature", "non_repudiation"),
            {"id": "crl_distribution_points", "smart-value": {"schema": "crl-dist-url",
                                                              "params": {"crl-repo-names": ["interm"]}}},
            {"id": "authority_information_access", "smart-value": {"schema": "aia-urls", "params": {
                "ocsp-responder-names": ["interm"]}}},
        ],
    }
    spec.update(extra)
    return spec


def pki_config(key_dir: str, now: datetime) -> dict[str, Any]:
    """The certomancer configuration (a dict, as its YAML would load)."""
    long_ago, far = now - timedelta(days=3650), now + timedelta(days=3650)
    ca_ext = [{"id": "basic_constraints", "critical": True, "value": {"ca": True}},
              _key_usage("digital_signature", "key_cert_sign", "crl_sign")]
    return {
        "keysets": {ARCH: {"path-prefix": key_dir, "keys": {k: {"path": f"{k}.key.pem"} for k in _KEYS}}},
        "pki-architectures": {ARCH: {
            "keyset": ARCH,
            "entity-defaults": {"country-name": "VN", "organization-name": "Ủy ban nhân dân tỉnh Phú Yên"},
            "entities": {
                "root": {"organization-name": "eoffice tests", "common-name": "eoffice Certomancer Root CA"},
                "interm": {"organization-name": "eoffice tests", "common-name": "eoffice CA phục vụ cơ quan Nhà nước"},
                "interm-ocsp": {"organization-name": "eoffice tests", "common-name": "eoffice OCSP"},
                "tsa": {"organization-name": "eoffice tests", "common-name": "eoffice TSA"},
                "leader": {"common-name": "Nguyễn Văn Hòa"},
                "agency": {"common-name": "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN"},
                "leader-expired": {"common-name": "Trần Thị Hết Hạn"},
                "leader-revoked": {"common-name": "Lê Văn Thu Hồi"},
            },
            "certs": {
                "root": {"subject": "root", "issuer": "root",
                         "validity": {"valid-from": _iso(long_ago), "valid-to": _iso(far)}, "extensions": ca_ext},
                "interm": {
                    "issuer": "root", "validity": {"valid-from": _iso(long_ago), "valid-to": _iso(far)},
                    "extensions": [
                        {"id": "basic_constraints", "critical": True, "value": {"ca": True, "path-len-constraint": 0}},
                        _key_usage("digital_signature", "key_cert_sign", "crl_sign"),
                        {"id": "crl_distribution_points", "smart-value": {"schema": "crl-dist-url",
                                                                          "params": {"crl-repo-names": ["root"]}}},
                    ]},
                "interm-ocsp": {
                    "issuer": "interm", "validity": {"valid-from": _iso(long_ago), "valid-to": _iso(far)},
                    "extensions": [_key_usage("digital_signature"),
                                   {"id": "extended_key_usage", "critical": True, "value": ["ocsp_signing"]},
                                   {"id": "ocsp_no_check"}]},
                "tsa": {
                    "issuer": "root", "validity": {"valid-from": _iso(long_ago), "valid-to": _iso(far)},
                    "extensions": [_key_usage("digital_signature"),
                                   {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
                                   {"id": "crl_distribution_points", "smart-value": {"schema": "crl-dist-url",
                                                                                     "params": {"crl-repo-names": ["root"]}}}]},
                "leader": _signer("interm", "leader", now - timedelta(days=30), now + timedelta(days=365)),
                "agency": _signer("interm", "agency", now - timedelta(days=30), now + timedelta(days=365)),
                "leader-expired": _signer("interm", "leader-expired", now - timedelta(days=400), now - timedelta(days=2)),
                "leader-revoked": _signer("interm", "leader-revoked", now - timedelta(days=30), now + timedelta(days=365),
                                          revocation={"revoked-since": _iso(now - timedelta(days=1)),
                                                      "reason": "key_compromise"}),
            },
            "services": {
                "ocsp": {"interm": {"for-issuer": "interm", "responder-cert": "interm-ocsp", "signing-key": "interm-ocsp"}},
                "crl-repo": {"root": {"for-issuer": "root", "signing-key": "root", "simulated-update-schedule": "P90D"},
                             "interm": {"for-issuer": "interm", "signing-key": "interm", "simulated-update-schedule": "P7D"}},
                "cert-repo": {"root": {"for-issuer": "root", "publish-issued-certs": True}},
                "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
            },
        }},
    }


@dataclass
class ServedPki:
    """The PKI, its files and the running animator (OCSP, CRL, TSA) on 127.0.0.1."""

    __test__ = False

    directory: Path
    base_url: str
    config: Any  # certomancer.CertomancerConfig
    _server: Any = field(repr=False, default=None)

    @property
    def arch(self) -> Any:
        return self.config.get_pki_arch(ARCH)

    @property
    def tsa_url(self) -> str:
        return f"{self.base_url}/{ARCH}/tsa/tsa"

    def cert_der(self, label: str) -> bytes:
        return self.arch.get_cert(label).dump()

    def cert_pem_path(self, label: str) -> Path:
        """The certificate as a PEM file (for certutil, pdfsig, trust roots)."""
        from asn1crypto import pem

        path = self.directory / f"{label}.cert.pem"
        if not path.exists():
            path.write_bytes(pem.armor("CERTIFICATE", self.cert_der(label)))
        return path

    @property
    def root_pem(self) -> Path:
        return self.cert_pem_path("root")

    def key_path(self, label: str) -> Path:
        return self.directory / "keys" / f"{label}.key.pem"

    def pkcs12(self, label: str, password: str, chain: tuple[str, ...] = ("interm", "root")) -> bytes:
        """The signer's key, certificate and ``chain`` as a .p12 file's bytes (a CA's .p12
        usually carries the whole chain; ``("interm",)`` leaves the root out)."""
        return self.arch.package_pkcs12(label, certs_to_embed=list(chain), password=password.encode("utf-8"))

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server = None


def _write_keys(key_dir: Path) -> None:
    key_dir.mkdir(parents=True, exist_ok=True)
    for label in _KEYS:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        (key_dir / f"{label}.key.pem").write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def _ocsp_get_as_post(environ: dict[str, Any]) -> dict[str, Any]:
    """RFC 6960 appendix A.1 lets a client send the OCSP request in a GET URL, and NSS (so
    poppler's pdfsig) does; certomancer answers POST only. Turn one into the other."""
    prefix, found, rest = environ.get("PATH_INFO", "").partition("/ocsp/")
    label, _, encoded = rest.partition("/")
    if environ.get("REQUEST_METHOD") != "GET" or not found or not encoded:
        return environ
    body = base64.b64decode(urllib.parse.unquote(encoded))
    return dict(environ, REQUEST_METHOD="POST", PATH_INFO=f"{prefix}/ocsp/{label}", CONTENT_LENGTH=str(len(body)),
                CONTENT_TYPE="application/ocsp-request", **{"wsgi.input": io.BytesIO(body)})


def start_pki(directory: Path) -> ServedPki:
    """Generate keys, bind the animator to a free port on 127.0.0.1 (the URLs in the
    certificates need the port), then serve in a daemon thread."""
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import CertomancerConfig
    from werkzeug.serving import make_server

    _write_keys(directory / "keys")
    holder: dict[str, Any] = {}

    def app(environ: Any, start_response: Any) -> Any:
        return holder["app"](_ocsp_get_as_post(environ), start_response)

    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    config = CertomancerConfig(pki_config(str(directory / "keys"), datetime.now(timezone.utc)),
                               key_search_dir=str(directory), external_url_prefix=base_url)
    class WholeSecondAnimator(Animator):
        """OCSP/CRL times to the whole second, as real responders write them: NSS's classic
        verifier (poppler's pdfsig uses it) rejects fractional-second GeneralizedTime."""

        def at_time(self, request: Any) -> datetime:
            return super().at_time(request).replace(microsecond=0)

    holder["app"] = WholeSecondAnimator(AnimatorArchStore(config.pki_archs), with_web_ui=False)
    threading.Thread(target=server.serve_forever, name="certomancer-animator", daemon=True).start()
    return ServedPki(directory=directory, base_url=base_url, config=config, _server=server)


@lru_cache(maxsize=1)
def served_pki() -> ServedPki:
    """One served PKI per test process (key generation is the slow part)."""
    return start_pki(Path(tempfile.mkdtemp(prefix="eoffice-certomancer-")))


@dataclass
class CscServer:
    """certomancer-csc-dummy serving the PKI's keys over the CSC API on 127.0.0.1.
    Credential ids are ``"<arch>/<cert label>"``, e.g. ``"eoffice/leader"``."""

    __test__ = False

    url: str
    _loop: Any = field(repr=False, default=None)
    _runner: Any = field(repr=False, default=None)

    def stop(self) -> None:
        if self._loop is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._loop = None


def serve_csc(pki: ServedPki) -> CscServer:
    """Start the dummy CSC service (hash pinning required, as SCAL 2 services do) in a thread."""
    from aiohttp import web
    from csc_dummy.csc_dummy_server import CSCWithCertomancer, DummyServiceParams

    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, name="csc-dummy", daemon=True).start()

    async def start() -> tuple[Any, int]:
        csc = CSCWithCertomancer(pki.config, service_params=DummyServiceParams(hash_pinning_required=True))
        csc.register_routes()
        runner = web.AppRunner(csc.app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return runner, site._server.sockets[0].getsockname()[1]  # noqa: SLF001 - port 0 → the port chosen

    runner, port = asyncio.run_coroutine_threadsafe(start(), loop).result(30)
    return CscServer(url=f"http://127.0.0.1:{port}", _loop=loop, _runner=runner)
