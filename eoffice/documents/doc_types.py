"""Document types as data: the administrative types of Decree 30/2020/NĐ-CP (Appendix III)
and the legal normative types of the Law on Promulgation of Legal Documents.

Why a module of its own: registration validates the chosen type against this list, the forms
render it as a drop-down, the registers print its names, the notation parser recognises its
abbreviations ("QĐ" in "15/QĐ-UBND") and the PDF inspector recognises its names as title lines
("QUYẾT ĐỊNH"). One list keeps them in step.

``code`` is what the database stores (String(10)). For every type that has an abbreviation the
code *is* the abbreviation, so a stored code reads like the notation people know. Công văn and
Thư công have no abbreviation in the decree; their codes ("CV", "THUCONG") are ours.

Legal normative documents (văn bản quy phạm pháp luật) reach a local office every day — a
Nghị định of the Government, a Thông tư of a ministry, a Luật — and must be registered under
their own type. Their abbreviations are the ones printed in their notations: ``30/2020/NĐ-CP``,
``01/2011/TT-BNV``, ``02/2018/TTLT-VKSTC-…``, ``403/2017/NQLT-…``, ``05/2016/L-CTN`` (Lệnh of
the President), ``26/2005/PL-UBTVQH11`` (older Pháp lệnh), ``03/VBHN-VPQH`` (consolidated
text). Hiến pháp, Bộ luật and Luật carry only the issuing body in their notation
(``45/2019/QH14``), so they have no abbreviation here and codes of our own; "L" is Lệnh. Nghị quyết and Quyết định are both legal and
administrative; they are listed once (NQ, QĐ).

Codes are never renamed or removed: rows stored with any code of an earlier release still
display (``type_by_code``).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Optional

TypeGroup = Literal["document", "legal", "copy"]

GROUP_LABELS: dict[str, str] = {
    "document": "Văn bản hành chính",
    "legal": "Văn bản quy phạm pháp luật",
    "copy": "Bản sao",
}


@dataclass(frozen=True)
class DocumentType:
    code: str
    name: str
    abbreviation: Optional[str]
    group: TypeGroup = "document"


DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType("NQ", "Nghị quyết", "NQ"),
    DocumentType("QĐ", "Quyết định", "QĐ"),
    DocumentType("CT", "Chỉ thị", "CT"),
    DocumentType("QC", "Quy chế", "QC"),
    DocumentType("QyĐ", "Quy định", "QyĐ"),
    DocumentType("TC", "Thông cáo", "TC"),
    DocumentType("TB", "Thông báo", "TB"),
    DocumentType("HD", "Hướng dẫn", "HD"),
    DocumentType("CTr", "Chương trình", "CTr"),
    DocumentType("KH", "Kế hoạch", "KH"),
    DocumentType("PA", "Phương án", "PA"),
    DocumentType("ĐA", "Đề án", "ĐA"),
    DocumentType("DA", "Dự án", "DA"),
    DocumentType("BC", "Báo cáo", "BC"),
    DocumentType("BB", "Biên bản", "BB"),
    DocumentType("TTr", "Tờ trình", "TTr"),
    DocumentType("HĐ", "Hợp đồng", "HĐ"),
    DocumentType("CV", "Công văn", None),
    DocumentType("CĐ", "Công điện", "CĐ"),
    DocumentType("BGN", "Bản ghi nhớ", "BGN"),
    DocumentType("BTT", "Bản thỏa thuận", "BTT"),
    DocumentType("GUQ", "Giấy ủy quyền", "GUQ"),
    DocumentType("GM", "Giấy mời", "GM"),
    DocumentType("GGT", "Giấy giới thiệu", "GGT"),
    DocumentType("GNP", "Giấy nghỉ phép", "GNP"),
    DocumentType("PG", "Phiếu gửi", "PG"),
    DocumentType("PC", "Phiếu chuyển", "PC"),
    DocumentType("PB", "Phiếu báo", "PB"),
    DocumentType("THUCONG", "Thư công", None),
    DocumentType("HIENPHAP", "Hiến pháp", None, "legal"),
    DocumentType("BOLUAT", "Bộ luật", None, "legal"),
    DocumentType("LUAT", "Luật", None, "legal"),
    DocumentType("PL", "Pháp lệnh", "PL", "legal"),
    DocumentType("L", "Lệnh", "L", "legal"),
    DocumentType("NĐ", "Nghị định", "NĐ", "legal"),
    DocumentType("TT", "Thông tư", "TT", "legal"),
    DocumentType("TTLT", "Thông tư liên tịch", "TTLT", "legal"),
    DocumentType("NQLT", "Nghị quyết liên tịch", "NQLT", "legal"),
    DocumentType("VBHN", "Văn bản hợp nhất", "VBHN", "legal"),
    DocumentType("SY", "Sao y", "SY", "copy"),
    DocumentType("TrS", "Trích sao", "TrS", "copy"),
    DocumentType("SL", "Sao lục", "SL", "copy"),
)

CONG_VAN = "CV"


def grouped_types() -> list[tuple[str, list[DocumentType]]]:
    """(group label, types) in list order, for a drop-down with <optgroup>s."""
    return [(label, [t for t in DOCUMENT_TYPES if t.group == group]) for group, label in GROUP_LABELS.items()]


def _fold(text: str) -> str:
    """Lower case without diacritics (đ→d): how people type an abbreviation without accents."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _name_key(text: str) -> str:
    """Names compared by letters only: NFC, case-free, both tone placements ("thỏa"/"thoả")."""
    return " ".join(_fold(text).split())


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, DocumentType], dict[str, DocumentType], dict[str, list[DocumentType]], dict[str, DocumentType]]:
    by_code = {t.code: t for t in DOCUMENT_TYPES}
    by_abbr: dict[str, DocumentType] = {}
    by_folded_abbr: dict[str, list[DocumentType]] = {}
    by_name: dict[str, DocumentType] = {}
    for kind in DOCUMENT_TYPES:
        if kind.abbreviation:
            by_abbr[unicodedata.normalize("NFC", kind.abbreviation).casefold()] = kind
            by_folded_abbr.setdefault(_fold(kind.abbreviation), []).append(kind)
        by_name[_name_key(kind.name)] = kind
        if kind.group == "copy":  # also written "BẢN SAO Y", "BẢN TRÍCH SAO", "BẢN SAO LỤC"
            by_name[_name_key("Bản " + kind.name)] = kind
    return by_code, by_abbr, by_folded_abbr, by_name


def type_by_code(code: Optional[str]) -> Optional[DocumentType]:
    """The type stored under ``code`` (exact, as saved by registration), or None."""
    if not code:
        return None
    return _indexes()[0].get(unicodedata.normalize("NFC", code.strip()))


def type_by_abbreviation(abbreviation: Optional[str]) -> Optional[DocumentType]:
    """The type written as ``abbreviation`` in a notation: "QĐ", "qđ", "QYĐ", "ctr".

    A literal match wins ("hd" is HD, Hướng dẫn; "da" is DA, Dự án). Otherwise an abbreviation
    typed without accents is accepted only when just one type folds to it: "qd" is QĐ, "cd" is
    CĐ; a made-up "qyd" is QyĐ.
    """
    if not abbreviation:
        return None
    _, by_abbr, by_folded, _ = _indexes()
    key = unicodedata.normalize("NFC", abbreviation.strip())
    exact = by_abbr.get(key.casefold())
    if exact is not None:
        return exact
    candidates = by_folded.get(_fold(key), [])
    if len(candidates) == 1 and _fold(key) == key.casefold():  # typed without any accent
        return candidates[0]
    return None


def type_by_name(name: Optional[str]) -> Optional[DocumentType]:
    """The type whose name is ``name`` in any case or accent placement ("QUYẾT ĐỊNH")."""
    if not name:
        return None
    return _indexes()[3].get(_name_key(name))
