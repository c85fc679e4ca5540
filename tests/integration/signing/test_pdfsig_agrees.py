"""poppler's pdfsig, an independent validator, agrees with our verdict on a good, a tampered and
an untrusted file (trust for pdfsig: an NSS database made with certutil holding the test root)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from eoffice.signing.validation.pdf import read_signatures
from tests.unit.documents.pdf_factory import TestPki, test_pki
from tests.unit.signing.decree_factory import paint_over, six_signature_decree


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install the Debian package {package} (scripts/test.sh does)")
    return path


def _nss_db(directory: Path, *trusted: Path) -> str:
    certutil = _tool("certutil", "libnss3-tools")
    directory.mkdir()
    subprocess.run([certutil, "-N", "-d", f"sql:{directory}", "--empty-password"], check=True)
    for index, pem in enumerate(trusted):
        subprocess.run([certutil, "-A", "-d", f"sql:{directory}", "-n", f"root{index}", "-t", "C,C,C", "-i", str(pem)],
                       check=True)
    return f"sql:{directory}"


def _pdfsig(pdf: Path, nssdir: str) -> list[dict[str, str]]:
    out = subprocess.run([_tool("pdfsig", "poppler-utils"), "-nssdir", nssdir, str(pdf)],
                         capture_output=True, text=True, timeout=120).stdout
    signatures = []
    for block in re.split(r"^Signature #\d+:$", out, flags=re.M)[1:]:
        fields = dict(re.findall(r"^  - ([^:\n]+): (.*)$", block, flags=re.M))
        fields["whole"] = "Total document signed" in block and "Not total document signed" not in block
        signatures.append(fields)
    return signatures


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return test_pki()


@pytest.fixture(scope="module")
def decree(pki: TestPki) -> bytes:
    return six_signature_decree(pki)


def test_pdfsig_and_we_both_find_the_six_signature_decree_valid_and_trusted(decree: bytes, pki: TestPki,
                                                                            tmp_path: Path) -> None:
    pdf = tmp_path / "good.pdf"
    pdf.write_bytes(decree)
    theirs = _pdfsig(pdf, _nss_db(tmp_path / "nss", pki.root_cert))
    ours = read_signatures(decree, [pki.root_cert])
    assert [s["Signature Field Name"] for s in theirs] == [s.field_name for s in ours]
    assert all(s["Signature Validation"] == "Signature is Valid." for s in theirs)
    assert all(s.ok for s in ours)
    # pdfsig (poppler 22.12 with NSS) checks a certificate's chain only the first time it meets
    # that certificate in the file; the seal's next four signatures come back as "Unknown issue
    # with Certificate". So trust is compared where pdfsig really checked it: once per signer.
    first_of_each_signer = {}
    for index, s in enumerate(theirs):
        first_of_each_signer.setdefault(s["Signer full Distinguished Name"], index)
    assert len(first_of_each_signer) == 2
    assert all(theirs[i]["Certificate Validation"] == "Certificate is Trusted." for i in first_of_each_signer.values())
    assert [s["whole"] for s in theirs] == [s.covers_whole_document for s in ours]


def test_pdfsig_and_we_both_reject_bytes_changed_under_a_signature(decree: bytes, pki: TestPki, tmp_path: Path) -> None:
    data = bytearray(decree)
    at = data.index(b"/CreationDate (D:") + len(b"/CreationDate (D:")
    data[at] = ord("1") if data[at] != ord("1") else ord("2")
    pdf = tmp_path / "tampered.pdf"
    pdf.write_bytes(bytes(data))
    theirs = _pdfsig(pdf, _nss_db(tmp_path / "nss", pki.root_cert))
    ours = read_signatures(bytes(data), [pki.root_cert])
    assert all(s["Signature Validation"] != "Signature is Valid." for s in theirs)
    assert all(s.tampered and not s.ok for s in ours)


def test_content_painted_over_pdfsig_sees_no_signature_covering_the_file_and_we_call_it_tampering(
        decree: bytes, pki: TestPki, tmp_path: Path) -> None:
    pdf = tmp_path / "painted.pdf"
    pdf.write_bytes(paint_over(decree))
    theirs = _pdfsig(pdf, _nss_db(tmp_path / "nss", pki.root_cert))
    ours = read_signatures(pdf.read_bytes(), [pki.root_cert])
    assert not any(s["whole"] for s in theirs)  # pdfsig has no difference analysis: this is all it says
    assert all(s.tampered for s in ours)


def test_pdfsig_and_we_both_call_a_signature_from_an_unknown_ca_untrusted(decree: bytes, tmp_path: Path) -> None:
    pdf = tmp_path / "good.pdf"
    pdf.write_bytes(decree)
    theirs = _pdfsig(pdf, _nss_db(tmp_path / "nss"))
    ours = read_signatures(decree, [])
    assert all(s["Signature Validation"] == "Signature is Valid." for s in theirs)
    assert all(s["Certificate Validation"] != "Certificate is Trusted." for s in theirs)
    assert all(s.intact and s.valid and not s.trusted for s in ours)
