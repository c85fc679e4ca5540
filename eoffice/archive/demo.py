"""What `eoffice demo` sets up for the archive: this year's dossier catalogue of the office,
approved by the office chief, so handlers can open dossiers and the archivist (`luutru`) can
file digitised records at once. No dossier is opened here: every office opens its own."""
from __future__ import annotations

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.auth.models import User
from eoffice.calendar import service as calendar
from eoffice.db import db
from eoffice.org.models import Unit

# code, title, retention in years (None: permanent), owner unit's short name
DEMO_ENTRIES = [
    ("01.TCCB", "Hồ sơ tuyển dụng, bổ nhiệm công chức, viên chức", None, "HCTC"),
    ("02.HCTC", "Hồ sơ hội nghị tổng kết công tác năm của Văn phòng", 20, "HCTC"),
    ("03.KT", "Hồ sơ thẩm định dự án đầu tư công trên địa bàn tỉnh", 20, "KT"),
    ("04.NC", "Hồ sơ giải quyết khiếu nại, tố cáo", 10, "NC"),
    ("05.HCTC", "Hồ sơ số hóa tài liệu lưu trữ giấy của Văn phòng", None, "HCTC"),
]


def load_demo() -> None:
    from eoffice.archive import catalogue
    from eoffice.archive.schemas import CatalogueIn, EntryIn

    year = calendar.now().year
    chief = db.session.scalar(select(User).where(User.username == "chanhvanphong"))
    if chief is None or catalogue.catalogue_of(year) is not None:
        return
    actor = Actor(chief)
    book = catalogue.create(actor, CatalogueIn(year=year))
    for code, title, years, unit_name in DEMO_ENTRIES:
        unit = db.session.scalar(select(Unit).where(Unit.short_name == unit_name))
        if unit is not None:
            catalogue.add_entry(actor, book, EntryIn(code=code, title=title, retention_years=years, owner_unit_id=unit.id))
    catalogue.approve(actor, book)
