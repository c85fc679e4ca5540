"""The result of a dossier (the paper that answers it: a certificate, a licence, a decision),
issued electronically and signed with the agency's certificate.

Why through eoffice.signing.office: the one-stop desk must not have a second signer. The
agency's seal key is the one the administrator configured for issuing outgoing documents
(EOFFICE_SEAL_* — an HSM/token through PKCS#11 or a PKCS#12 file); the signature is the
agency's signature on an electronic copy (Decree 30: no image, top right of page 1, with the
dossier code and the signing time). The signed PDF is stored like any upload, so the
background validation (eoffice.signing.validation) checks it and the citizen's lookup page
shows the verdict next to the download.

Without a configured seal key nothing is issued: an unsigned "electronic result" is exactly
what the citizen cannot rely on, so the officer is told to ask the administrator.
"""
from __future__ import annotations

import io
from typing import Optional

from eoffice.actor import Actor
from eoffice.auth.permissions import PermissionDenied, can
from eoffice.auth.principals import principals_of
from eoffice.db import db
from eoffice.documents.uploads import store_checked_file
from eoffice.errors import ServiceError
from eoffice.onestop import clock
from eoffice.onestop.models import Dossier, DossierState
from eoffice.onestop.notices import tell_citizen
from eoffice.signing.office import seal_key
from eoffice.signing.sign import AttachmentSignature, SigningError, sign_pdf
from eoffice.work import history
from eoffice.work.models import WorkFile
from eoffice.work.unit_of_work import operation

RESULT_ROLE = "result"
MAX_RESULT_BYTES = 20 * 1024 * 1024
# States in which the result may be issued: the agency has decided (resolved) and, for a
# result handed over on paper first, after the return as well (the electronic copy follows).
ISSUABLE = frozenset({DossierState.RESOLVED.value, DossierState.RETURNED.value})


def may_issue(user: object, dossier: Dossier) -> bool:
    """The receiving desk, or the agency's chairperson, unit heads or clerks (who hold its seal
    in practice)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if can(user, "onestop.desk", dossier):
        return True
    from eoffice.auth.roles import Role

    agency = dossier.agency_unit_id
    mine = set(principals_of(user))
    if mine & {f"head:{agency}", f"clerk:{agency}"}:
        return True
    chair = user.has_role(Role.CHAIR)  # type: ignore[attr-defined]
    return chair and (f"unit:{agency}" in mine or agency in user.role_units(Role.CHAIR))  # type: ignore[attr-defined]


def result_file(dossier: Dossier) -> Optional[WorkFile]:
    """The signed result last issued for the dossier, if any."""
    issued = [f for f in dossier.files if f.role == RESULT_ROLE]
    return issued[-1] if issued else None


@operation
def issue_result(actor: Actor, dossier: Dossier, pdf: bytes, filename: str) -> WorkFile:
    """Sign the result PDF with the agency's key and keep it with the dossier (one unit of
    work: a refused key or a broken PDF leaves nothing behind)."""
    if not may_issue(actor.user, dossier):
        raise PermissionDenied("onestop.result", "Chỉ bộ phận một cửa nhận hồ sơ, lãnh đạo hoặc văn thư của cơ quan giải "
                                                 "quyết mới phát hành kết quả.")
    if dossier.status not in ISSUABLE:
        raise ServiceError("result_not_ready", f"Hồ sơ {dossier.code} chưa có kết quả giải quyết (các bước xử lý chưa xong) "
                                               "nên chưa phát hành kết quả được.")
    if result_file(dossier) is not None:
        raise ServiceError("result_already_issued", f"Kết quả của hồ sơ {dossier.code} đã được phát hành và ký số; "
                                                    "không phát hành lần hai.")
    if not pdf:
        raise ServiceError("missing_result", "Hãy chọn tệp PDF kết quả giải quyết.")
    if len(pdf) > MAX_RESULT_BYTES:
        raise ServiceError("result_too_large", "Tệp kết quả lớn hơn 20 MB; hãy quét lại ở độ phân giải 200–300 dpi.")
    if not pdf.startswith(b"%PDF-"):
        raise ServiceError("result_not_pdf", "Tệp kết quả phải là tệp PDF (bản điện tử hoặc bản quét).")
    key = seal_key()
    if key is None:
        raise SigningError("seal_not_configured", "Máy chủ chưa được cấu hình khóa ký số của cơ quan (EOFFICE_SEAL_P12_PATH "
                                                  "hoặc USB token/HSM); kết quả chưa được phát hành. Hãy báo quản trị.")
    signed = sign_pdf(pdf, key, AttachmentSignature(dossier.agency.name.upper(), dossier.code),
                      reason=f"Kết quả giải quyết hồ sơ {dossier.code}")
    name = filename if filename.lower().endswith(".pdf") else f"ket-qua-{dossier.code}.pdf"
    stored = store_checked_file(actor, io.BytesIO(signed), name, main_document=True)
    file = WorkFile(work_item_id=dossier.id, role=RESULT_ROLE, stored=stored, added_by_id=actor.user_id)
    db.session.add(file)
    db.session.flush()
    db.session.expire(dossier, ["files"])
    history.record(actor, dossier, "result_issued", f"Kết quả điện tử đã ký số: {name}", file_id=file.id,
                   data={"sha256": stored.sha256, "at": clock.now().isoformat()})
    tell_citizen(dossier, "đã có kết quả điện tử được ký số; ông/bà có thể tải về tại trang tra cứu sau khi nhận kết quả.")
    return file


def citizen_may_download(dossier: Dossier) -> bool:
    """The citizen gets the electronic result once the dossier is returned."""
    return dossier.status == DossierState.RETURNED.value and result_file(dossier) is not None
