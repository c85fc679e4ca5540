"""Units of the organisation tree."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.db import TimestampMixin, db

# Suggested kinds; any other kind is accepted because the organisation is data (DOMAIN §0).
UNIT_KINDS: dict[str, str] = {
    "ubnd_tinh": "UBND tỉnh",
    "van_phong": "Văn phòng",
    "so": "Sở, ban, ngành",
    "phong": "Phòng",
    "ubnd_xa": "UBND xã, phường",
    "mot_cua": "Bộ phận một cửa",
    "to_chuc_khac": "Tổ chức khác",
}


class Unit(TimestampMixin, db.Model):
    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("parent_id", "short_name", name="uq_units_parent_short_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(30))
    # The agency abbreviation written in document notation when it differs from the short
    # name (every commune committee writes "UBND", e.g. 12/UBND-VP); not unique.
    notation_abbr: Mapped[Optional[str]] = mapped_column(String(30))
    org_code: Mapped[Optional[str]] = mapped_column(String(35), unique=True)
    is_active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped[Optional["Unit"]] = relationship(remote_side="Unit.id", back_populates="children")
    children: Mapped[list["Unit"]] = relationship(back_populates="parent", order_by="Unit.name")

    @property
    def notation_code(self) -> str:
        return self.notation_abbr or self.short_name

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS.get(self.kind, self.kind)

    def ancestors(self) -> list["Unit"]:
        """From the root down to this unit's parent."""
        chain: list[Unit] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def path_label(self) -> str:
        return " › ".join([u.short_name for u in self.ancestors()] + [self.short_name])

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.short_name}>"
