"""Rules of outgoing documents that need no database: Decree 30 notation, the states and their
moves, the types that can be drafted, and DOCX refused clearly when LibreOffice is missing."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from eoffice.errors import ServiceError
from eoffice.outgoing import conversion
from eoffice.outgoing.models import TRANSITIONS, OutgoingState
from eoffice.outgoing.numbering import agency_of, draftable_types, format_notation, is_draftable


def unit(id: int, short: str, kind: str = "phong", parent=None, abbr=None):  # type: ignore[no-untyped-def]
    return SimpleNamespace(id=id, short_name=short, kind=kind, parent=parent, notation_code=abbr or short)


PROVINCE = unit(1, "UBND", "ubnd_tinh")
OFFICE = unit(2, "VP", "van_phong", PROVINCE)
ECONOMY = unit(3, "KT", "phong", OFFICE)
COMMUNE = unit(4, "CAMLAM", "ubnd_xa", PROVINCE, abbr="UBND")


@pytest.mark.parametrize(("number", "doc_type", "drafting", "expected"), [
    (7, "QĐ", ECONOMY, "07/QĐ-UBND"),
    (12, "CV", OFFICE, "12/UBND-VP"),
    (3, "CV", ECONOMY, "03/UBND-KT"),
    (5, "CV", PROVINCE, "05/UBND"),
    (120, "TB", OFFICE, "120/TB-UBND"),
    (1, "QyĐ", OFFICE, "01/QyĐ-UBND"),
    (9, "THUCONG", OFFICE, "09/UBND-VP"),
])
def test_notation_follows_decree_30(number, doc_type, drafting, expected):  # type: ignore[no-untyped-def]
    assert format_notation(number, doc_type, PROVINCE, drafting) == expected


def test_a_commune_writes_ubnd_in_its_notation():
    assert format_notation(4, "QĐ", COMMUNE, COMMUNE) == "04/QĐ-UBND"


def test_the_issuing_agency_is_the_nearest_agency_above_the_drafting_unit():
    assert agency_of(ECONOMY) is PROVINCE and agency_of(OFFICE) is PROVINCE and agency_of(COMMUNE) is COMMUNE


def test_every_state_is_in_the_table_and_recalled_is_final():
    assert set(TRANSITIONS) == {s.value for s in OutgoingState}
    assert TRANSITIONS["recalled"] == frozenset()
    assert "issued" not in TRANSITIONS["approved"], "nothing is issued unsigned"
    assert "returned" in TRANSITIONS["in_review"] and "returned" in TRANSITIONS["approved"]
    for targets in TRANSITIONS.values():
        assert targets <= set(TRANSITIONS)


def test_the_administrative_types_of_decree_30_can_be_drafted_but_not_laws_or_copies():
    codes = {kind.code for kind in draftable_types()}
    assert {"QĐ", "CV", "TB", "KH", "BC", "TTr", "GM", "THUCONG", "PB"} <= codes and len(codes) == 29
    assert not is_draftable("NĐ") and not is_draftable("SY") and not is_draftable("XYZ")


def test_docx_is_refused_with_a_clear_message_when_libreoffice_is_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(conversion, "soffice_path", lambda: None)
    with pytest.raises(ServiceError) as refused:
        conversion.to_pdf(b"PK...", "du-thao.docx", work_dir=tmp_path)
    assert refused.value.code == "conversion_unavailable" and "PDF" in refused.value.message
