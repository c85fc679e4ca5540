"""Typed input and output of the units API."""
from __future__ import annotations

from typing import Any, Optional

from pydantic import Field

from eoffice.api.schemas import Id, Input, Output, Text30, Text50, Text200


class UnitCreate(Input):
    name: Text200 = Field(title="Tên đơn vị")
    short_name: Text30 = Field(title="Tên viết tắt")
    kind: Text50 = Field(title="Loại đơn vị")
    parent_id: Optional[Id] = Field(None, title="Đơn vị cấp trên")
    org_code: Optional[Text50] = Field(None, title="Mã định danh")
    notation_abbr: Optional[Text30] = Field(None, title="Chữ viết tắt trong ký hiệu")

    def service_kwargs(self) -> dict[str, Any]:
        return self.model_dump()


class UnitUpdate(Input):
    """Only the fields sent change; the others keep the unit's current values."""

    name: Optional[Text200] = Field(None, title="Tên đơn vị")
    short_name: Optional[Text30] = Field(None, title="Tên viết tắt")
    kind: Optional[Text50] = Field(None, title="Loại đơn vị")
    parent_id: Optional[Id] = Field(None, title="Đơn vị cấp trên")
    org_code: Optional[Text50] = Field(None, title="Mã định danh")
    notation_abbr: Optional[Text30] = Field(None, title="Chữ viết tắt trong ký hiệu")

    def service_kwargs(self, unit: Any) -> dict[str, Any]:
        current = {name: getattr(unit, name) for name in type(self).model_fields}
        sent = self.model_dump(exclude_unset=True)
        for required in ("name", "short_name", "kind"):  # null means "keep", these cannot be emptied
            if sent.get(required) is None:
                sent.pop(required, None)
        return current | sent


class UnitOut(Output):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: Optional[int]
    org_code: Optional[str]
    is_active: bool
    notation_abbr: Optional[str]
    notation_code: str


class UnitInTree(UnitOut):
    depth: int
