import pytest

from eoffice.org.codes import InvalidOrganisationCode, code_form, normalize_org_code


@pytest.mark.parametrize("code", ["000.00.01.H01", "000.00.00.H34", "H36.12.01", "G01.05", "H34.01.01.001"])
def test_both_official_code_forms_are_accepted(code):
    assert normalize_org_code(code) == code


def test_codes_are_trimmed_and_upper_cased():
    assert normalize_org_code("  000.00.01.h01 ") == "000.00.01.H01"


def test_code_form_tells_legacy_from_decision_20():
    assert code_form("000.00.01.H01") == "legacy"
    assert code_form("H36.12.01") == "decision20"


@pytest.mark.parametrize("code", ["", "000.00.01", "000 00 01 H01", "000..01.H01", "abc", "H36.12.01.", "X" * 36, "H3"])
def test_malformed_codes_are_rejected_with_a_vietnamese_message(code):
    with pytest.raises(InvalidOrganisationCode) as info:
        normalize_org_code(code)
    assert "Mã định danh" in info.value.message
