"""Incoming documents for the demo office, driven through the real services so each one sits
in a believable state: waiting for the chairperson, routed, assigned, done."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from typing import Optional

from sqlalchemy import func, select

from eoffice.actor import Actor
from eoffice.auth.models import User
from eoffice.calendar import service as calendar
from eoffice.db import db
from eoffice.demo_pdf import official_document_pdf
from eoffice.documents import processing, register_admin, registration, routing
from eoffice.documents.models import IncomingDocument, IncomingRegister
from eoffice.documents.uploads import stage_upload
from eoffice.org.models import Unit


@dataclass(frozen=True)
class DemoDocument:
    parent: str
    issuer: str
    number: str
    notation: str
    place: str
    days_ago: int
    type_code: str
    type_name: str
    subject: str
    body: tuple[str, ...]
    authority: str
    position: str
    signer: str
    urgency: int = 0
    state: str = "submitted"  # not_presented | submitted | routed | assigned | done


DOCUMENTS = [
    DemoDocument("BỘ NỘI VỤ", "Bộ Nội vụ", "1245", "BNV-VP", "Hà Nội", 3, "CV", "",
                 "hướng dẫn triển khai quản lý văn bản điện tử năm 2027",
                 ("Thực hiện Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư, Bộ Nội vụ đề nghị "
                  "Ủy ban nhân dân các tỉnh, thành phố chỉ đạo các cơ quan, đơn vị bảo đảm tỷ lệ văn bản điện tử đạt trên 95%.",
                  "Báo cáo kết quả thực hiện gửi về Bộ Nội vụ trước ngày 15 tháng 12 năm 2026."),
                 "TL. BỘ TRƯỞNG", "Chánh Văn phòng", "Nguyễn Văn Thành", urgency=1, state="assigned"),
    DemoDocument("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA", "Sở Tài chính tỉnh Khánh Hòa", "356", "STC-NS", "Khánh Hòa", 2, "BC", "Báo cáo",
                 "Tình hình thực hiện dự toán ngân sách địa phương 10 tháng đầu năm 2026",
                 ("Tổng thu ngân sách nhà nước trên địa bàn 10 tháng đạt 86,5% dự toán; chi ngân sách địa phương đạt 78,2% dự toán.",),
                 "KT. GIÁM ĐỐC", "Phó Giám đốc", "Lê Thị Hồng Vân", state="routed"),
    DemoDocument("UBND TỈNH KHÁNH HÒA", "Ủy ban nhân dân phường Nha Trang", "87", "TTr-UBND", "Nha Trang", 1, "TTr", "Tờ trình",
                 "Đề nghị phê duyệt kế hoạch chỉnh trang đô thị đường Trần Phú",
                 ("Ủy ban nhân dân phường Nha Trang kính trình Ủy ban nhân dân tỉnh xem xét, phê duyệt kế hoạch chỉnh trang "
                  "vỉa hè, cây xanh và chiếu sáng tuyến đường Trần Phú năm 2027.",),
                 "TM. ỦY BAN NHÂN DÂN", "Chủ tịch", "Phạm Quốc Đông", urgency=2, state="submitted"),
    DemoDocument("UBND TỈNH KHÁNH HÒA", "Sở Tư pháp tỉnh Khánh Hòa", "15", "QĐ-STP", "Khánh Hòa", 6, "QĐ", "Quyết định",
                 "Về việc ban hành Kế hoạch phổ biến, giáo dục pháp luật năm 2027",
                 ("Ban hành kèm theo Quyết định này Kế hoạch phổ biến, giáo dục pháp luật năm 2027 của Sở Tư pháp.",
                  "Quyết định này có hiệu lực kể từ ngày ký."),
                 "", "Giám đốc", "Lê Thị Thanh Tâm", state="done"),
    DemoDocument("UBND TỈNH KHÁNH HÒA", "Ủy ban nhân dân xã Cam Lâm", "42", "GM-UBND", "Cam Lâm", 0, "GM", "Giấy mời",
                 "Dự hội nghị tổng kết công tác cải cách hành chính năm 2026",
                 ("Trân trọng kính mời lãnh đạo Văn phòng UBND tỉnh dự hội nghị vào lúc 08 giờ 00 ngày 05/12/2026 "
                  "tại Hội trường Ủy ban nhân dân xã Cam Lâm.",),
                 "TM. ỦY BAN NHÂN DÂN", "Chủ tịch", "Đoàn Văn Hòa", urgency=1, state="submitted"),
    # Registered before the clerk knew which leader steers it: waits in the "Chưa trình" queue.
    DemoDocument("UBND TỈNH KHÁNH HÒA", "Sở Nông nghiệp và Môi trường tỉnh Khánh Hòa", "208", "SNNMT-TL", "Khánh Hòa", 1, "CV", "",
                 "đề nghị kiểm tra an toàn hồ chứa nước trước mùa mưa bão",
                 ("Sở Nông nghiệp và Môi trường đề nghị Ủy ban nhân dân tỉnh chỉ đạo kiểm tra an toàn các hồ chứa nước "
                  "trên địa bàn trước ngày 20 tháng 12 năm 2026.",),
                 "KT. GIÁM ĐỐC", "Phó Giám đốc", "Trần Quang Vinh", state="not_presented"),
]


def _user(username: str) -> User:
    return db.session.scalars(select(User).where(User.username == username)).one()


def _unit(short_name: str, parent_short: Optional[str] = None) -> Unit:
    query = select(Unit).where(Unit.short_name == short_name)
    if parent_short:
        parent = db.session.scalars(select(Unit).where(Unit.short_name == parent_short)).first()
        query = query.where(Unit.parent_id == parent.id)
    return db.session.scalars(query).first()


def ensure_registers(operator: Actor) -> None:
    """Each unit that has a clerk gets an ordinary and a confidential incoming register."""
    office = _unit("VP")
    for unit in (office, _unit("MC", "NHATRANG"), _unit("MC", "CAMLAM")):
        existing = {r.name for r in db.session.scalars(select(IncomingRegister).where(IncomingRegister.unit_id == unit.id))}
        if "Sổ văn bản đến" not in existing:
            register_admin.create(operator, unit.id, "Sổ văn bản đến")
        if unit is office and "Sổ văn bản đến mật" not in existing:
            register_admin.create(operator, unit.id, "Sổ văn bản đến mật", confidential=True)


def load_demo_documents() -> int:
    """Register the demo documents unless the demo register already has documents."""
    operator = Actor.operator("dữ liệu mẫu")
    ensure_registers(operator)
    register = db.session.scalars(select(IncomingRegister).where(
        IncomingRegister.unit_id == _unit("VP").id, IncomingRegister.is_confidential.is_(False))).one()
    if db.session.scalar(select(func.count(IncomingDocument.id)).where(IncomingDocument.register_id == register.id)):
        return 0
    clerk, chair, head, specialist = (Actor(_user(u)) for u in ("vanthu", "chutich", "truongphong", "chuyenvien"))
    today = calendar.now().date()
    for spec in DOCUMENTS:
        issued = today - timedelta(days=spec.days_ago)
        pdf = official_document_pdf(
            agency_parent=spec.parent, agency=spec.issuer, number=spec.number, notation=spec.notation, place=spec.place,
            issued=issued, type_name=spec.type_name, subject=spec.subject, body=list(spec.body),
            authority=spec.authority, position=spec.position, signer=spec.signer,
        )
        staged = stage_upload(clerk, io.BytesIO(pdf), f"{spec.number}-{spec.notation}.pdf", main_document=True)
        doc = registration.register_document(clerk, registration.RegistrationInput(
            register_id=register.id, issuer_name=spec.issuer, doc_type=spec.type_code,
            subject=spec.subject[0].upper() + spec.subject[1:], code_number=spec.number, code_notation=spec.notation,
            issued_date=issued, signer_name=spec.signer, signer_position=spec.position, urgency=spec.urgency,
            deadline=calendar.add_working_days_date(today, 7), channel="paper",
            submitted_to_id=None if spec.state == "not_presented" else chair.user_id,
            main_token=staged.token,
        ))
        if spec.state in ("not_presented", "submitted"):
            continue
        routing.route(chair, doc, routing.SteeringInput(
            opinion="Giao Phòng Kinh tế chủ trì, Sở Tư pháp phối hợp tham mưu, báo cáo kết quả đúng hạn.",
            lead=routing.UnitTarget(_unit("KT").id), coordinate=[routing.UnitTarget(_unit("STP").id)],
        ))
        if spec.state == "routed":
            continue
        lead = doc.lead_assignment
        routing.assign_handler(head, lead, specialist.user_id, None, "Đồng chí Đức nghiên cứu, dự thảo văn bản trả lời.")
        if spec.state == "assigned":
            continue
        handler = next(a for a in doc.assignments if a.role == "handler")
        processing.complete_assignment(specialist, handler, "Đã tham mưu văn bản triển khai gửi các đơn vị.")
        processing.close_document(head, doc, "Đã triển khai thực hiện; lưu hồ sơ.")
    _deliver_from_the_justice_department(today)
    return len(DOCUMENTS)


def _deliver_from_the_justice_department(today) -> None:  # type: ignore[no-untyped-def]
    """One document sent electronically by Sở Tư pháp, waiting in the office clerk's inbox."""
    from eoffice.documents import deliveries

    issued = today - timedelta(days=1)
    pdf = official_document_pdf(
        agency_parent="UBND TỈNH KHÁNH HÒA", agency="Sở Tư pháp tỉnh Khánh Hòa", number="412", notation="STP-VP",
        place="Khánh Hòa", issued=issued, type_name="", subject="đề nghị cung cấp danh sách báo cáo viên pháp luật năm 2027",
        body=["Để kiện toàn đội ngũ báo cáo viên pháp luật cấp tỉnh, Sở Tư pháp đề nghị Văn phòng Ủy ban nhân dân tỉnh "
              "cung cấp danh sách cán bộ đủ tiêu chuẩn trước ngày 10 tháng 12 năm 2026."],
        authority="KT. GIÁM ĐỐC", position="Phó Giám đốc", signer="Lê Thị Thanh Tâm",
    )
    deliveries.deliver(Actor(_user("giamdocstp")), deliveries.DeliveryInput(
        recipient_unit_id=_unit("VP").id, subject="V/v đề nghị cung cấp danh sách báo cáo viên pháp luật năm 2027",
        doc_type="CV", code_number="412", code_notation="STP-VP", issued_date=issued,
        signer_name="Lê Thị Thanh Tâm", signer_position="Phó Giám đốc",
    ), (io.BytesIO(pdf), "412-STP-VP.pdf"))
