"""The Decree 30/2020 type list is data the whole app shares."""
from __future__ import annotations

from eoffice.documents.doc_types import DOCUMENT_TYPES, grouped_types, type_by_abbreviation, type_by_code, type_by_name

DECREE_30_ABBREVIATIONS = (
    "NQ QĐ CT QC QyĐ TC TB HD CTr KH PA ĐA DA BC BB TTr HĐ CĐ BGN BTT GUQ GM GGT GNP PG PC PB SY TrS SL"
).split()


def test_every_decree_30_abbreviation_is_listed_once() -> None:
    abbreviations = [t.abbreviation for t in DOCUMENT_TYPES if t.abbreviation and t.group != "legal"]
    assert sorted(abbreviations) == sorted(DECREE_30_ABBREVIATIONS)
    every = [t.abbreviation for t in DOCUMENT_TYPES if t.abbreviation]
    assert len(every) == len(set(every)), "an abbreviation names one type"
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


LEGAL_TYPES = {
    "Hiến pháp": None, "Bộ luật": None, "Luật": None, "Pháp lệnh": "PL", "Lệnh": "L", "Nghị định": "NĐ",
    "Thông tư": "TT", "Thông tư liên tịch": "TTLT", "Nghị quyết liên tịch": "NQLT", "Văn bản hợp nhất": "VBHN",
}


def test_legal_normative_documents_can_be_registered_under_their_own_type() -> None:
    for name, abbreviation in LEGAL_TYPES.items():
        kind = type_by_name(name.upper())
        assert kind is not None and kind.group == "legal" and kind.abbreviation == abbreviation, name
        assert type_by_code(kind.code) is kind
    # Nghị quyết and Quyết định are both legal and administrative: listed once.
    assert type_by_name("NGHỊ QUYẾT").code == "NQ" and type_by_name("QUYẾT ĐỊNH").code == "QĐ"


def test_legal_abbreviations_in_notations_name_their_type() -> None:
    assert type_by_abbreviation("NĐ").name == "Nghị định"
    assert type_by_abbreviation("nd").name == "Nghị định", "typed without accents, only one type fits"
    assert type_by_abbreviation("tt").name == "Thông tư"
    assert type_by_abbreviation("TTr").name == "Tờ trình", "Tờ trình is not Thông tư"
    assert type_by_abbreviation("TTLT").name == "Thông tư liên tịch"


def test_codes_stored_by_earlier_releases_still_resolve() -> None:
    earlier = "NQ QĐ CT QC QyĐ TC TB HD CTr KH PA ĐA DA BC BB TTr HĐ CV CĐ BGN BTT GUQ GM GGT GNP PG PC PB THUCONG SY TrS SL"
    for code in earlier.split():
        assert type_by_code(code) is not None, code
    assert [label for label, _ in grouped_types()] == ["Văn bản hành chính", "Văn bản quy phạm pháp luật", "Bản sao"]
