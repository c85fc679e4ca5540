"""A genuine six-signature decree passes; a tampered one is still called tampered."""
from __future__ import annotations

import pytest

from eoffice.signing.validation.pdf import TAMPERED, read_signatures
from tests.unit.documents.pdf_factory import TestPki, test_pki
from tests.unit.signing.decree_factory import (
    SIGNATURE_FIELDS,
    paint_over,
    replace_page_content,
    six_signature_decree,
)


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return test_pki()


@pytest.fixture(scope="module")
def decree(pki: TestPki) -> bytes:
    return six_signature_decree(pki)


def test_every_earlier_signature_of_a_six_signature_decree_is_intact_with_allowed_later_changes(
        decree: bytes, pki: TestPki) -> None:
    reports = read_signatures(decree, [pki.root_cert])
    assert [r.field_name for r in reports] == list(SIGNATURE_FIELDS)
    assert all(r.ok for r in reports), [r.summary for r in reports]
    for earlier in reports[:-1]:
        assert not earlier.covers_whole_document and earlier.modifications_allowed
        assert "thay đổi sau đó: thêm chữ ký/chú thích (được phép)" in earlier.summary
        assert TAMPERED not in earlier.summary and not earlier.tampered
    assert reports[-1].covers_whole_document


def test_structure_tree_updates_alone_are_not_tampering(decree: bytes, pki: TestPki) -> None:
    levels = {r.modification_level for r in read_signatures(decree, [pki.root_cert])[:-1]}
    assert "OTHER" not in levels


def test_content_painted_over_after_the_signatures_is_tampering(decree: bytes, pki: TestPki) -> None:
    reports = read_signatures(paint_over(decree), [pki.root_cert])
    assert all(r.tampered and not r.ok for r in reports)
    assert all(r.summary.startswith(TAMPERED) for r in reports)


def test_page_content_replaced_after_signing_is_tampering(decree: bytes, pki: TestPki) -> None:
    reports = read_signatures(replace_page_content(decree), [pki.root_cert])
    assert all(r.tampered and r.modification_level == "OTHER" for r in reports)
