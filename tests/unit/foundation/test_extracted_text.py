"""Text pulled out of PDFs must be storable in PostgreSQL (no NUL) and findable by its words."""
from eoffice.text import extracted_text

# What pypdf hands back when a signer tool writes a UTF-16BE name, with its byte-order mark and
# NFD accents, into a signature stamp's content stream.
STAMP_NAME = "þÿ\x00N\x00g\x00u\x00y\x00e\x03\x02\x03\x03\x00n\x00 \x00V\x00a\x03\x06\x00n\x00 \x00H\x00o\x03\x00\x00a"


def test_a_utf16_stamp_name_is_decoded_to_nfc_vietnamese() -> None:
    assert extracted_text(STAMP_NAME) == "Nguyễn Văn Hòa"


def test_a_utf16_run_inside_ordinary_text_leaves_the_text_around_it_alone() -> None:
    mixed = "Ký bởi: þÿ\x00U\x03\t\x00Y\x00 \x00B\x00A\x00N, ngày 03/12/2026"
    assert extracted_text(mixed) == "Ký bởi: ỦY BAN, ngày 03/12/2026"


def test_no_nul_or_control_character_survives() -> None:
    cleaned = extracted_text("a\x00\x00b\x07c\x1fd\nnext\tcol")
    assert "\x00" not in cleaned and "\x07" not in cleaned and "\x1f" not in cleaned
    assert cleaned.endswith("\nnext\tcol")


def test_ordinary_vietnamese_text_is_only_made_nfc() -> None:
    assert extracted_text("Quye\u0302\u0301t \u0111i\u0323nh\nso\u0302\u0301 15") == "Quyết định\nsố 15"
