"""The folding the lists' search column and queries share."""
from __future__ import annotations

from eoffice.work.list_search import fold_for_search


def test_diacritics_case_and_d_stroke_fold_away():
    assert fold_for_search("QUYẾT ĐỊNH VỀ VIỆC THÀNH LẬP") == "quyet dinh ve viec thanh lap"
    assert fold_for_search("Nhà ở   xuống cấp") == "nha o xuong cap"


def test_notations_fold_to_what_users_type():
    assert fold_for_search("56/2007/NĐ-CP") == fold_for_search("56/2007/nd-cp") == "56/2007/nd-cp"
    assert fold_for_search("05/QĐ-UBND") == fold_for_search("5/qd-ubnd"), "leading zeros do not matter"


def test_decomposed_input_and_old_style_tones_fold_the_same():
    import unicodedata

    assert fold_for_search(unicodedata.normalize("NFD", "Hòa")) == fold_for_search("Hoà") == "hoa"


def test_list_search_writes_both_i_y_spellings_alike() -> None:
    assert fold_for_search("QUI ĐỊNH VỀ QUẢN LÍ") == fold_for_search("Quy định về quản lý") == "qui dinh ve quan li"
    assert fold_for_search("Y tế; tuy nhiên") == "y te; tuy nhien"
