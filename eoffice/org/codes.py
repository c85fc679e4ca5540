"""Organisation codes (mã định danh) in the two forms still in use.

- The 13-character form of QCVN 102:2016 / edXML: `000.00.01.H01`.
- The electronic identifier of Decision 20/2020/QĐ-TTg: dot-separated level codes, at most 35
  characters, the first level a letter followed by digits (e.g. `H36.12.01`, `G01.05`).
  The exact per-level widths are [unsure] in shared/DOMAIN.md, so the check here is the
  conservative shape both forms share; it rejects spaces, lowercase noise and stray dots.
"""
from __future__ import annotations

import re
import unicodedata

LEGACY_FORM = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
DECISION_20_FORM = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})*$")
MAX_LENGTH = 35


class InvalidOrganisationCode(ValueError):
    def __init__(self, code: str) -> None:
        self.code = code
        self.message = (
            f"Mã định danh '{code}' không hợp lệ. Dùng dạng 13 ký tự như 000.00.01.H01 "
            "hoặc dạng theo Quyết định 20/2020/QĐ-TTg như H36.12.01 (tối đa 35 ký tự)."
        )
        super().__init__(self.message)


def normalize_org_code(raw: str) -> str:
    """Return the canonical code (trimmed, upper case) or raise InvalidOrganisationCode."""
    code = unicodedata.normalize("NFC", raw or "").strip().upper()
    if not code or len(code) > MAX_LENGTH:
        raise InvalidOrganisationCode(raw)
    if LEGACY_FORM.match(code) or DECISION_20_FORM.match(code):
        return code
    raise InvalidOrganisationCode(raw)


def code_form(code: str) -> str:
    """'legacy' for the 13-character form, 'decision20' for the newer one."""
    return "legacy" if LEGACY_FORM.match(code) else "decision20"
