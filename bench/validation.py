"""Signature validation time per signature on a six-signature decree (the person, then the
agency seal five times, each with structure-tree updates): eoffice's validation next to bare
pyHanko (default diff policy, one fresh context per signature) and poppler's pdfsig, on the same
file in the same run. Prints figures.

    .venv/bin/python bench/validation.py [--runs 5]
"""
from __future__ import annotations

import argparse
import io
import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timing import timed  # noqa: E402

from asn1crypto import pem, x509  # noqa: E402

from eoffice.signing.validation.pdf import read_signatures  # noqa: E402
from tests.unit.documents.pdf_factory import test_pki  # noqa: E402
from tests.unit.signing.decree_factory import six_signature_decree  # noqa: E402


def bare_pyhanko(data: bytes, root: x509.Certificate) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data))
    count = 0
    for embedded in reader.embedded_signatures:
        try:
            validate_pdf_signature(embedded, ValidationContext(trust_roots=[root], allow_fetching=False))
        except Exception:  # noqa: BLE001 - pyHanko's default policy rejects structure-tree updates
            pass
        count += 1
    return count


def pdfsig(path: Path, nssdir: str) -> None:
    subprocess.run(["pdfsig", "-nssdir", nssdir, str(path)], capture_output=True, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # bare pyHanko logs a traceback per rejected revision
    pki = test_pki()
    data = six_signature_decree(pki)
    root = x509.Certificate.load(pem.unarmor(pki.root_cert.read_bytes())[2])
    work = Path(tempfile.mkdtemp(prefix="bench-validation-"))
    pdf = work / "decree.pdf"
    pdf.write_bytes(data)
    signatures = len(read_signatures(data, [root]))
    rows = [("eoffice read_signatures", timed(lambda: read_signatures(data, [root]), args.runs)),
            ("bare pyHanko (default policy)", timed(lambda: bare_pyhanko(data, root), args.runs))]
    if shutil.which("pdfsig") and shutil.which("certutil"):
        nss = work / "nss"
        nss.mkdir()
        subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
        subprocess.run(["certutil", "-A", "-d", f"sql:{nss}", "-n", "root", "-t", "C,C,C", "-i", str(pki.root_cert)],
                       check=True)
        rows.append(("pdfsig (poppler, NSS)", timed(lambda: pdfsig(pdf, f"sql:{nss}"), args.runs)))
    print(f"file: {len(data) / 1024:.0f} KiB, {signatures} signatures, {args.runs} runs each")
    print(f"{'validator':32} {'median s/file':>14} {'median ms/signature':>20} {'min ms/sig':>11}")
    for name, times in rows:
        median = statistics.median(times)
        print(f"{name:32} {median:14.3f} {median / signatures * 1000:20.1f} {min(times) / signatures * 1000:11.1f}")


if __name__ == "__main__":
    main()
