"""The yearly dossier catalogue (danh mục hồ sơ): drafted by the archivist, approved by the
agency's leader (each January), then copied forward to the next year and changed there.
An approved catalogue no longer changes: dossiers were opened from its lines."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.audit import service as audit
from eoffice.auth.models import User
from eoffice.auth.permissions import authorize
from eoffice.db import db, get_or_not_found, utcnow
from eoffice.errors import ServiceError
from eoffice.org.models import Unit
from eoffice.archive.models import Catalogue, CatalogueEntry, CatalogueState
from eoffice.archive.schemas import CatalogueIn, EntryIn
from eoffice.text import nfc, required_text
from eoffice.work.unit_of_work import operation


def catalogue_of(year: int) -> Optional[Catalogue]:
    return db.session.scalars(select(Catalogue).where(Catalogue.year == year)).first()


def catalogues() -> list[Catalogue]:
    return list(db.session.scalars(select(Catalogue).order_by(Catalogue.year.desc())))


def _draft_only(catalogue: Catalogue) -> None:
    if catalogue.is_approved:
        raise ServiceError("catalogue_approved", f"Danh mục hồ sơ năm {catalogue.year} đã được phê duyệt nên không sửa được. "
                                                 f"Hãy sao chép sang năm {catalogue.year + 1} và sửa ở đó.")


@operation
def create(actor: Actor, data: CatalogueIn) -> Catalogue:
    authorize(actor, "archive.catalogue.manage")
    if catalogue_of(data.year) is not None:
        raise ServiceError("catalogue_exists", f"Đã có danh mục hồ sơ năm {data.year}. Hãy mở danh mục đó để bổ sung.")
    catalogue = Catalogue(year=data.year, created_by_id=actor.user_id)
    db.session.add(catalogue)
    db.session.flush()
    audit.record(actor, "archive.catalogue_created", "archive_catalogue", catalogue.id, {"year": data.year})
    return catalogue


def _check_entry(catalogue: Catalogue, data: EntryIn, entry: Optional[CatalogueEntry] = None) -> tuple[str, str]:
    code = required_text(data.code, "missing_code", "Hãy nhập số, ký hiệu hồ sơ (ví dụ 01.TCCB).").upper()
    title = required_text(data.title, "missing_title", "Hãy nhập tiêu đề hồ sơ.")
    clash = next((e for e in catalogue.entries if e.code == code and e is not entry), None)
    if clash is not None:
        raise ServiceError("code_taken", f"Ký hiệu {code} đã có trong danh mục năm {catalogue.year} («{clash.title}»). "
                                         "Hãy chọn ký hiệu khác.")
    unit = get_or_not_found(Unit, data.owner_unit_id, "đơn vị")
    if not unit.is_active:
        raise ServiceError("unit_inactive", f"Đơn vị «{unit.name}» đã ngừng hoạt động; hãy chọn đơn vị khác.")
    if data.owner_user_id is not None:
        user = get_or_not_found(User, data.owner_user_id, "người dùng")
        if unit.id not in user.unit_ids:
            raise ServiceError("user_not_in_unit", f"{user.full_name} không thuộc {unit.name}. Hãy chọn người của đơn vị lập hồ sơ.")
    return code, title


@operation
def add_entry(actor: Actor, catalogue: Catalogue, data: EntryIn) -> CatalogueEntry:
    authorize(actor, "archive.catalogue.manage")
    _draft_only(catalogue)
    code, title = _check_entry(catalogue, data)
    entry = CatalogueEntry(catalogue_id=catalogue.id, code=code, title=title, retention_years=data.retention_years,
                           owner_unit_id=data.owner_unit_id, owner_user_id=data.owner_user_id, notes=nfc(data.notes))
    db.session.add(entry)
    db.session.flush()
    db.session.expire(catalogue, ["entries"])
    audit.record(actor, "archive.entry_added", "archive_catalogue", catalogue.id, {"code": code})
    return entry


@operation
def update_entry(actor: Actor, entry: CatalogueEntry, data: EntryIn) -> CatalogueEntry:
    authorize(actor, "archive.catalogue.manage")
    _draft_only(entry.catalogue)
    entry.code, entry.title = _check_entry(entry.catalogue, data, entry)
    entry.retention_years, entry.owner_unit_id = data.retention_years, data.owner_unit_id
    entry.owner_user_id, entry.notes = data.owner_user_id, nfc(data.notes)
    audit.record(actor, "archive.entry_changed", "archive_catalogue", entry.catalogue_id, {"code": entry.code})
    return entry


@operation
def remove_entry(actor: Actor, entry: CatalogueEntry) -> None:
    authorize(actor, "archive.catalogue.manage")
    catalogue = entry.catalogue
    _draft_only(catalogue)
    audit.record(actor, "archive.entry_removed", "archive_catalogue", catalogue.id, {"code": entry.code})
    db.session.delete(entry)
    db.session.flush()
    db.session.expire(catalogue, ["entries"])


@operation
def approve(actor: Actor, catalogue: Catalogue) -> Catalogue:
    authorize(actor, "archive.catalogue.approve", None, "Chỉ lãnh đạo cơ quan (Chủ tịch, Chánh Văn phòng) phê duyệt danh mục hồ sơ.")
    if catalogue.is_approved:
        raise ServiceError("catalogue_approved", f"Danh mục hồ sơ năm {catalogue.year} đã được phê duyệt trước đó.")
    if not catalogue.entries:
        raise ServiceError("catalogue_empty", f"Danh mục hồ sơ năm {catalogue.year} chưa có hồ sơ nào. Hãy thêm hồ sơ trước khi trình duyệt.")
    catalogue.status, catalogue.approved_by_id, catalogue.approved_at = CatalogueState.APPROVED.value, actor.user_id, utcnow()
    audit.record(actor, "archive.catalogue_approved", "archive_catalogue", catalogue.id, {"year": catalogue.year})
    return catalogue


@operation
def copy_forward(actor: Actor, catalogue: Catalogue) -> Catalogue:
    """The next year's draft with the same lines (then changed there before approval)."""
    authorize(actor, "archive.catalogue.manage")
    year = catalogue.year + 1
    if catalogue_of(year) is not None:
        raise ServiceError("catalogue_exists", f"Đã có danh mục hồ sơ năm {year}. Hãy sửa trực tiếp danh mục đó.")
    copy = Catalogue(year=year, created_by_id=actor.user_id, copied_from_id=catalogue.id)
    db.session.add(copy)
    db.session.flush()
    for entry in catalogue.entries:
        db.session.add(CatalogueEntry(catalogue_id=copy.id, code=entry.code, title=entry.title, notes=entry.notes,
                                      retention_years=entry.retention_years, owner_unit_id=entry.owner_unit_id,
                                      owner_user_id=entry.owner_user_id))
    db.session.flush()
    audit.record(actor, "archive.catalogue_copied", "archive_catalogue", copy.id, {"year": year, "from": catalogue.year})
    return copy
