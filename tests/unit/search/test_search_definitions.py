"""The versioned index definition keeps both backends' field lists in step."""

from __future__ import annotations

import datetime as dt

from search import IndexedItem, definitions
from search import vietnamese as vi


def test_current_definition_is_the_highest_version() -> None:
    definition = definitions.load()
    assert definition.version == definitions.current_version() >= 1


def test_both_backends_define_the_same_fields() -> None:
    definition = definitions.load()
    es_fields = set(definition.elasticsearch["mappings"]["properties"])
    embedded_fields = {f["name"] for f in definition.embedded["fields"]}
    # the embedded backend keeps the date as a day number ("day") for sorting and ranges, and a
    # sampling bucket ("sample") for facets beyond the count bound (ES has random_sampler)
    assert es_fields - {"date"} == embedded_fields - {"day", "sample"}


def test_the_embedded_index_is_stored_newest_first() -> None:
    assert definitions.load().embedded["sort"] == {"field": "day", "order": "desc"}


def test_every_text_field_has_a_folded_twin() -> None:
    properties = definitions.load().elasticsearch["mappings"]["properties"]
    for name in ("title", "body", "meta"):
        assert f"{name}_f" in properties
        assert properties[name]["type"] == properties[f"{name}_f"]["type"] == "text"


def test_prepare_normalises_text_and_keeps_folded_twins_aligned() -> None:
    import unicodedata

    item = IndexedItem(
        id="incoming:1",
        kind="incoming",
        title=unicodedata.normalize("NFD", "Kế hoạch thuỷ lợi xã Đông Hoà"),
        number="05/KH-UBND",
        body="Nạo vét kênh mương.",
        doc_type="Kế hoạch",
        issuer="UBND xã Đông Hoà",
        date=dt.date(2026, 1, 2),
        readers=["all"],
    )
    prepared = definitions.prepare(item)
    assert prepared.title == "Kế hoạch thủy lợi xã Đông Hòa"
    assert prepared.issuer == "UBND xã Đông Hòa"
    assert prepared.year == 2026
    assert len(prepared.title_f) == len(prepared.title)
    assert prepared.title_f.lower().split() == vi.search_tokens(prepared.title)
    assert "Kế hoạch" in prepared.meta and "UBND xã Đông Hòa" in prepared.meta
