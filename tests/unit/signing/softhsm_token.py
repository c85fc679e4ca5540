"""A real PKCS#11 token for the signing tests: SoftHSM2 with a key and certificate from the
served test PKI, loaded the way a CA loads a USB token (key and certificate under one label
and id, the intermediate CA beside them). Needs the Debian packages softhsm2 and opensc."""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.unit.signing.certomancer_pki import ServedPki

__all__ = ["SoftToken", "make_token", "SOFTHSM_MODULE"]

SOFTHSM_MODULE_CANDIDATES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
SOFTHSM_MODULE = next((p for p in SOFTHSM_MODULE_CANDIDATES if Path(p).exists()), SOFTHSM_MODULE_CANDIDATES[0])


@dataclass(frozen=True)
class SoftToken:
    module: str
    label: str
    pin: str
    key_label: str


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None or not Path(SOFTHSM_MODULE).exists():
        pytest.fail(f"{name} or {SOFTHSM_MODULE} is missing: install the Debian packages softhsm2 opensc "
                    "(scripts/test.sh does)", pytrace=False)
    return path


_MADE: dict[tuple[str, str], SoftToken] = {}


def make_token(pki: ServedPki, directory: Path, *, cert_label: str = "leader", label: str = "eoffice-token",
               pin: str = "123456") -> SoftToken:
    """Initialise a SoftHSM2 token in ``directory`` and point SOFTHSM2_CONF at it. Must run
    before the PKCS#11 module is first loaded in this process (SoftHSM reads the variable then),
    so a second call in the same process returns the token the first one made (the PKI is one
    per process too) instead of a new one the loaded module would never see."""
    made = _MADE.get((cert_label, label))
    if made is not None:
        return made
    _MADE[(cert_label, label)] = token = _initialise(pki, directory, cert_label, label, pin)
    return token


def _initialise(pki: ServedPki, directory: Path, cert_label: str, label: str, pin: str) -> SoftToken:
    (directory / "tokens").mkdir(parents=True, exist_ok=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {directory / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    run = lambda *args: subprocess.run(args, check=True, capture_output=True, timeout=60)  # noqa: E731
    run(_tool("softhsm2-util"), "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "87654321")
    run(_tool("softhsm2-util"), "--import", str(pki.key_path(cert_label)), "--token", label, "--label", cert_label,
        "--id", "01", "--pin", pin)
    for der_label, obj_id in ((cert_label, "01"), ("interm", "02")):
        der = directory / f"{der_label}.der"
        der.write_bytes(pki.cert_der(der_label))
        run(_tool("pkcs11-tool"), "--module", SOFTHSM_MODULE, "--token-label", label, "--login", "--pin", pin,
            "--write-object", str(der), "--type", "cert", "--label", der_label, "--id", obj_id)
    return SoftToken(SOFTHSM_MODULE, label, pin, cert_label)
