"""Sample PDFs generated once per test session (signing and key generation are the slow part)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.documents.pdf_factory import TestPki, make_incoming_pdf, sign_pdf_bytes, test_pki


@pytest.fixture(scope="session")
def pki() -> TestPki:
    return test_pki()


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdfs")


@pytest.fixture(scope="session")
def decision_pdf(pdf_dir: Path) -> Path:
    """Quyết định of a commune, legal normative (year in the notation), text written in NFD."""
    return make_incoming_pdf(
        pdf_dir / "quyet-dinh.pdf", number=15, notation="QĐ-UBND", year_in_notation=2026,
        agency="ỦY BAN NHÂN DÂN XÃ ĐÔNG HÒA", place="Đông Hòa", decomposed=True,
        subject="Về việc ban hành Kế hoạch chuyển đổi số năm 2026",
    )


@pytest.fixture(scope="session")
def official_letter_pdf(pdf_dir: Path) -> Path:
    """Công văn of a department under the province, signed by a deputy (KT.)."""
    return make_incoming_pdf(
        pdf_dir / "cong-van.pdf", number=123, notation="STNMT-VP", parent_agency="UBND TỈNH PHÚ YÊN",
        agency="Sở Tài nguyên và Môi trường", subject="triển khai thực hiện kế hoạch kiểm kê đất đai năm 2026",
        authority="KT. GIÁM ĐỐC", position="PHÓ GIÁM ĐỐC", signer="Trần Thị Thu Hà", place="Tuy Hòa",
    )


@pytest.fixture(scope="session")
def signed_once_pdf(pdf_dir: Path, pki: TestPki) -> Path:
    return make_incoming_pdf(pdf_dir / "signed-once.pdf", signed=True, pki=pki)


@pytest.fixture(scope="session")
def signed_twice_pdf(pdf_dir: Path, pki: TestPki) -> Path:
    """The leader signs, then the agency's seal is added as a second, incremental signature."""
    return make_incoming_pdf(pdf_dir / "signed-twice.pdf", signed="person+seal", pki=pki)


@pytest.fixture(scope="session")
def signed_visibly_three_times_pdf(pdf_dir: Path, pki: TestPki) -> Path:
    """As Vietnamese signing tools do it: the leader's visible signature, the agency's seal
    overlapping it, then the clerk's copy signature top right — three incremental updates."""
    data = make_incoming_pdf(pdf_dir / "unsigned-for-visible.pdf").read_bytes()
    for field, cert, key, box in (
        ("LeaderSignature", pki.person_cert, pki.person_key, (330, 120, 480, 200)),
        ("SealSignature", pki.seal_cert, pki.seal_key, (290, 110, 380, 210)),
        ("CopySignature", pki.seal_cert, pki.seal_key, (400, 790, 580, 830)),
    ):
        data = sign_pdf_bytes(data, cert=cert, key=key, ca_chain=(pki.root_cert,), field_name=field, box=box)
    path = pdf_dir / "signed-visibly-three-times.pdf"
    path.write_bytes(data)
    return path
