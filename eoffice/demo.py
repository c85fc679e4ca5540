"""The demo office: a province People's Committee, its departments, two communes with one-stop
desks, and one account per role. `eoffice demo` loads it; running it again changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select

from eoffice import current_settings
from eoffice.actor import Actor
from eoffice.auth import service as accounts
from eoffice.auth.models import User
from eoffice.auth.roles import Role
from eoffice.db import db
from eoffice.org import service as org
from eoffice.org.models import Unit
from eoffice.settings_store import get_setting, set_setting

DEMO_PASSWORD = "Demo@2026"


@dataclass(frozen=True)
class DemoUnit:
    key: str
    name: str
    short_name: str
    kind: str
    parent: Optional[str] = None
    org_code: Optional[str] = None
    notation_abbr: Optional[str] = None


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    unit: str
    position: str
    role: Role
    password: str = DEMO_PASSWORD
    role_unit: str = ""  # the unit the role is exercised for, when not the person's own unit

    @property
    def role_label(self) -> str:
        return self.role.label


UNITS: list[DemoUnit] = [
    DemoUnit("tinh", "Ủy ban nhân dân tỉnh Khánh Hòa", "UBND", "ubnd_tinh", None, "000.00.00.H34"),
    DemoUnit("vp", "Văn phòng UBND tỉnh", "VP", "van_phong", "tinh", "000.00.01.H34"),
    DemoUnit("vp_hcth", "Phòng Hành chính – Tổ chức", "HCTC", "phong", "vp"),
    DemoUnit("vp_kt", "Phòng Kinh tế", "KT", "phong", "vp"),
    DemoUnit("vp_nc", "Phòng Nội chính", "NC", "phong", "vp"),
    DemoUnit("stp", "Sở Tư pháp", "STP", "so", "tinh", "000.00.11.H34"),
    DemoUnit("stc", "Sở Tài chính", "STC", "so", "tinh", "000.00.12.H34"),
    DemoUnit("snnmt", "Sở Nông nghiệp và Môi trường", "SNNMT", "so", "tinh", "000.00.13.H34"),
    DemoUnit("p_nt", "Ủy ban nhân dân phường Nha Trang", "NHATRANG", "ubnd_xa", "tinh", "H34.01.01", "UBND"),
    DemoUnit("p_nt_mc", "Bộ phận Một cửa phường Nha Trang", "MC", "mot_cua", "p_nt"),
    DemoUnit("x_cl", "Ủy ban nhân dân xã Cam Lâm", "CAMLAM", "ubnd_xa", "tinh", "H34.01.02", "UBND"),
    DemoUnit("x_cl_mc", "Bộ phận Một cửa xã Cam Lâm", "MC", "mot_cua", "x_cl"),
]

ACCOUNTS: list[DemoAccount] = [
    DemoAccount("quantri", "Lê Minh Quân", "vp_hcth", "Chuyên viên công nghệ thông tin", Role.ADMIN),
    # The office's clerk sits in the administration division but keeps the registers of the
    # whole office (Văn phòng UBND), so the role is granted for that unit.
    DemoAccount("vanthu", "Trần Thị Thu Hà", "vp_hcth", "Văn thư", Role.CLERK, role_unit="vp"),
    DemoAccount("chuyenvien", "Phạm Văn Đức", "vp_kt", "Chuyên viên", Role.SPECIALIST),
    DemoAccount("truongphong", "Nguyễn Thị Hồng Nhung", "vp_kt", "Trưởng phòng", Role.UNIT_HEAD),
    DemoAccount("chanhvanphong", "Võ Thành Trung", "vp", "Chánh Văn phòng", Role.OFFICE_CHIEF),
    DemoAccount("chutich", "Đặng Quốc Hùng", "tinh", "Chủ tịch", Role.CHAIR),
    DemoAccount("phochutich", "Huỳnh Thị Mỹ Linh", "tinh", "Phó Chủ tịch", Role.CHAIR),
    DemoAccount("motcua", "Ngô Thị Lan Anh", "p_nt_mc", "Cán bộ một cửa", Role.DESK_OFFICER),
    DemoAccount("luutru", "Bùi Văn Khải", "vp_hcth", "Lưu trữ viên", Role.ARCHIVIST),
    DemoAccount("giamdocstp", "Lê Thị Thanh Tâm", "stp", "Giám đốc Sở", Role.UNIT_HEAD),
    DemoAccount("chuyenvienstp", "Hồ Văn Nam", "stp", "Chuyên viên", Role.SPECIALIST),
    DemoAccount("truongphongnc", "Trịnh Công Sơn", "vp_nc", "Trưởng phòng", Role.UNIT_HEAD),
    DemoAccount("motcuacamlam", "Đoàn Thị Ngọc Ánh", "x_cl_mc", "Cán bộ một cửa", Role.DESK_OFFICER),
    # The commune's civil-status officer and chair, who process and sign its one-stop dossiers.
    DemoAccount("tuphapnt", "Phan Thị Thu Trang", "p_nt", "Công chức Tư pháp – Hộ tịch", Role.SPECIALIST),
    DemoAccount("chutichnt", "Lâm Văn Phúc", "p_nt", "Chủ tịch UBND phường", Role.CHAIR),
]


def load_demo(with_documents: bool = True) -> dict[str, int]:
    """Create whatever part of the demo office is missing; return what was created."""
    actor = Actor.operator("dữ liệu mẫu")
    created = {"units": 0, "users": 0}
    unit_ids: dict[str, int] = {}
    for spec in UNITS:
        parent_id = unit_ids.get(spec.parent) if spec.parent else None
        query = select(Unit).where(Unit.short_name == spec.short_name)
        query = query.where(Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id)
        unit = db.session.scalar(query)
        if unit is None:
            unit = org.create_unit(
                actor, name=spec.name, short_name=spec.short_name, kind=spec.kind, parent_id=parent_id,
                org_code=spec.org_code, notation_abbr=spec.notation_abbr,
            )
            created["units"] += 1
        unit_ids[spec.key] = unit.id
    for account in ACCOUNTS:
        if db.session.scalar(select(User.id).where(User.username == account.username)) is not None:
            continue
        accounts.create_user(
            actor, username=account.username, full_name=account.full_name, password=account.password,
            unit_id=unit_ids[account.unit], position=account.position,
            roles=[] if account.role_unit else [account.role], email=f"{account.username}@demo.eoffice.local",
        )
        if account.role_unit:
            accounts.grant_role(actor, accounts.find_user(account.username), account.role, unit_ids[account.role_unit])
        created["users"] += 1
    set_setting("demo_loaded", "1")
    db.session.commit()
    from eoffice.demo_documents import ensure_registers, load_demo_documents

    from eoffice.work.kinds import all_kinds

    for kind in all_kinds():
        if kind.load_demo is not None:
            kind.load_demo()
    db.session.commit()
    if with_documents:
        created["documents"] = load_demo_documents()
    else:
        ensure_registers(actor)
        created["documents"] = 0
    return created


def demo_accounts_for_login_page() -> list[DemoAccount]:
    """The login page lists the demo accounts only when demo data is loaded, never in production."""
    if current_settings().is_production:
        return []
    try:
        loaded = get_setting("demo_loaded") == "1"
    except Exception:  # noqa: BLE001 - a database not yet initialised shows no demo list
        db.session.rollback()
        return []
    return ACCOUNTS if loaded else []
