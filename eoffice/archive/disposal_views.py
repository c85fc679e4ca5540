"""Pages of disposal: the archivist's "Lập danh sách hủy" (dossiers whose retention has ended,
and the lists drawn up), a list's page where the head of the agency approves or refuses it and
the archivist executes it, and the destruction record's download. Registered on the archive's
blueprint; every action goes through `act_on_page`."""
from __future__ import annotations

from typing import Any, Callable, Optional

from flask import Response, abort, redirect, render_template, url_for
from flask_login import current_user

from eoffice.auth.permissions import can
from eoffice.archive import disposal as service
from eoffice.archive.views import bp
from eoffice.web.form_input import FormReader, FormState, PageForms
from eoffice.web.guard import current_actor, requires
from eoffice.web.page_actions import act_on_page, no_input


@bp.get("/disposals", endpoint="disposals")
@requires("archive.disposal.view")
def disposals_page(failed: Optional[FormState] = None, status: int = 200) -> Any:
    return render_template("archive/disposals.html", due=service.due_for_disposal(), disposals=service.disposals(),
                           forms=PageForms(failed), may_keep=can(current_user, "archive.keep")), status


@bp.post("/disposals")
@requires("archive.keep")
def propose() -> Any:
    created: list[Any] = []
    return act_on_page("propose", "Đã lập danh sách tài liệu hết giá trị; đã trình Chủ tịch phê duyệt.",
                       lambda form: (form.integers("dossier_id", "Hồ sơ"), form.text("title")),
                       lambda data: created.append(service.propose(current_actor(), data[0], data[1])),
                       {"nothing_chosen": "dossier_id", "not_disposable": "dossier_id", "already_listed": "dossier_id"},
                       done=lambda: redirect(url_for(".disposal", disposal_id=created[0].id)),
                       failed_page=lambda state: disposals_page(state, 400))


def _render(disposal_id: int, failed: Optional[FormState] = None, status: int = 200) -> Any:
    return render_template("archive/disposal.html", disposal=service.get_disposal(disposal_id), forms=PageForms(failed),
                           may_approve=can(current_user, "archive.disposal.approve"),
                           may_keep=can(current_user, "archive.keep")), status


@bp.get("/disposals/<int:disposal_id>")
@requires("archive.disposal.view")
def disposal(disposal_id: int) -> Any:
    return _render(disposal_id)


def _on_list(disposal_id: int, form_id: str, success: str, build: Callable[[FormReader], Any],
             call: Callable[[Any, Any], Any], fields: Optional[dict[str, str]] = None) -> Any:
    item = service.get_disposal(disposal_id)
    return act_on_page(form_id, success, build, lambda data: call(item, data), fields or {},
                       done=lambda: redirect(url_for(".disposal", disposal_id=disposal_id)),
                       failed_page=lambda state: _render(disposal_id, state, 400))


@bp.post("/disposals/<int:disposal_id>/approve")
@requires("archive.disposal.approve")
def approve_disposal(disposal_id: int) -> Any:
    return _on_list(disposal_id, "approve", "Đã phê duyệt hủy tài liệu hết giá trị.", lambda form: form.text("note"),
                    lambda item, note: service.approve(current_actor(), item, note))


@bp.post("/disposals/<int:disposal_id>/refuse")
@requires("archive.disposal.approve")
def refuse_disposal(disposal_id: int) -> Any:
    return _on_list(disposal_id, "refuse", "Đã không phê duyệt danh sách hủy; các hồ sơ tiếp tục được bảo quản.",
                    lambda form: form.text("reason"), lambda item, reason: service.refuse(current_actor(), item, reason),
                    {"missing_reason": "reason"})


@bp.post("/disposals/<int:disposal_id>/execute")
@requires("archive.keep")
def execute_disposal(disposal_id: int) -> Any:
    return _on_list(disposal_id, "execute", "Đã hủy tài liệu hết giá trị và lập biên bản hủy.", no_input,
                    lambda item, _: service.execute(current_actor(), item))


@bp.get("/disposals/<int:disposal_id>/record.pdf")
@requires("archive.disposal.view")
def disposal_record(disposal_id: int) -> Response:
    from eoffice.files.download import file_response

    item = service.get_disposal(disposal_id)
    if item.record is None:
        abort(404)
    return file_response(item.record)
