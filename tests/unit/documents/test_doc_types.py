"""The Decree 30/2020 type list is data the whole app shares."""
from __future__ import annotations

from eoffice.documents.doc_types import DOCUMENT_TYPES, type_by_abbreviation, type_by_code, type_by_name

DECREE_30_ABBREVIATIONS = (
    "NQ QĐ CT QC QyĐ TC TB HD CTr KH PA ĐA DA BC BB TTr HĐ CĐ BGN BTT GUQ GM GGT GNP PG PC PB SY TrS SL"
).split()


def test_every_decree_30_abbreviation_is_listed_once() -> None:
    abbreviations = [t.abbreviation for t in DOCUMENT_TYPES if t.abbreviation]
    assert sorted(abbreviations) == sorted(DECREE_30_ABBREVIATIONS)
    assert len({t.code for t in DOCUMENT_TYPES}) == len(DOCUMENT_TYPES)


def test_cong_van_and_thu_cong_have_no_abbreviation() -> None:
    assert type_by_code("CV").name == "Công văn"
    assert type_by_code("CV").abbreviation is None
    assert type_by_name("Thư công").abbreviation is None


def test_codes_fit_the_database_column() -> None:
    assert all(len(t.code) <= 10 for t in DOCUMENT_TYPES)


def test_abbreviation_lookup_ignores_case_and_restores_mixed_case() -> None:
    assert type_by_abbreviation("qđ").name == "Quyết định"
    assert type_by_abbreviation("QYĐ").code == "QyĐ"
    assert type_by_abbreviation("ttr").code == "TTr"


def test_unaccented_abbreviation_is_accepted_only_when_unambiguous() -> None:
    assert type_by_abbreviation("qd").code == "QĐ"
    assert type_by_abbreviation("cd").code == "CĐ"
    # "HD" is literally Hướng dẫn; Hợp đồng needs its Đ.
    assert type_by_abbreviation("hd").code == "HD"
    assert type_by_abbreviation("HĐ").code == "HĐ"
    assert type_by_abbreviation("XYZ") is None


def test_title_line_matches_in_any_case_and_tone_placement() -> None:
    assert type_by_name("QUYẾT ĐỊNH").code == "QĐ"
    assert type_by_name("BẢN THOẢ THUẬN").code == "BTT"
    assert type_by_name("GIẤY UỶ QUYỀN").code == "GUQ"
    assert type_by_name("BẢN SAO Y").code == "SY"
    assert type_by_name("ỦY BAN NHÂN DÂN") is None
