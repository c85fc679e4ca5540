"""The leader signs on the server, from the browser: with their PKCS#12 file and its password
or with a USB token's PIN (eoffice.signing.office builds the signer). Nothing they type or
upload for it is kept."""
from __future__ import annotations

from typing import Any

from flask import request

from eoffice.outgoing import issuance
from eoffice.outgoing.views import _act, bp
from eoffice.signing.office import LeaderKeyChoice, leader_signer
from eoffice.web.form_input import FormReader
from eoffice.web.guard import current_actor, requires

KEY_MAX_BYTES = 64 * 1024


def _choice(form: FormReader) -> tuple[LeaderKeyChoice, bytes]:
    key_file = request.files.get("p12")
    p12 = key_file.stream.read(KEY_MAX_BYTES + 1) if key_file is not None and key_file.filename else b""
    if len(p12) > KEY_MAX_BYTES:
        form.fail("p12", "Tệp chứng thư số lớn bất thường (quá 64 KB); hãy chọn đúng tệp .p12/.pfx.")
    image_file = request.files.get("image")
    image = image_file.stream.read() if image_file is not None and image_file.filename else b""
    choice = LeaderKeyChoice(method=form.text("method") or "p12", p12=p12, password=form.text("password"),
                             token_label=form.text("token_label").strip(), key_label=form.text("key_label").strip(),
                             pin=form.text("pin"))
    return choice, image


@bp.post("/<int:outgoing_id>/sign")
@requires("outgoing.work")
def sign_here(outgoing_id: int) -> Any:
    return _act(outgoing_id, "sign_here", "Đã ký số văn bản; văn thư được thông báo để cấp số và phát hành.", _choice,
                lambda doc, data: issuance.sign(current_actor(), doc, leader_signer(doc, data[0], data[1] or None)),
                {"wrong_password": "password", "wrong_pin": "pin", "missing_pin": "pin", "missing_key": "p12",
                 "image_not_png": "image", "image_too_large": "image", "bad_image": "image", "key_not_found": "token_label"})
