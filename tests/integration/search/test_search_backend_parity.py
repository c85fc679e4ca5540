"""Both engines must see exactly the tokens search.vietnamese produces, or they drift apart."""

from __future__ import annotations

import pytest

from search import SearchIndex
from search import vietnamese as vi

SAMPLES = [
    "Quyết định số 05/QĐ-UBND ngày 01/3/2026 của UBND xã Đông Hoà",
    "V/v triển khai Nghị định 30/2020/NĐ-CP; TP.HCM, 1.5 tỷ đồng (v.v.)",
    "Ủy ban nhân dân — thuỷ lợi, khoẻ mạnh, ĐƯỜNG giao thông_liên xã",
    "email: van.thu@dongHoa.gov.vn, điện thoại 0257.3.123.456",
]


def engine_tokens(index: SearchIndex, text: str) -> list[str]:
    """Tokens the engine itself makes of a folded field's input."""
    folded = vi.index_form(vi.normalize(text))
    if index.backend == "elasticsearch":
        response = index.es.indices.analyze(index=index.alias, field="body_f", text=folded)  # type: ignore[attr-defined]
        return [t["token"] for t in response["tokens"]]
    generation = index._live()  # type: ignore[attr-defined]
    return generation.tokens(folded, folded=True)


@pytest.mark.parametrize("text", SAMPLES)
def test_engine_tokenizes_folded_text_like_search_tokens(empty_index: SearchIndex, text: str) -> None:
    assert engine_tokens(empty_index, text) == vi.search_tokens(text)
