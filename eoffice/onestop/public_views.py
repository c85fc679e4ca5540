"""The citizen's pages (no account): the catalogue, lookup by code and a second factor (also
from the receipt's QR), the status timeline, and the rating once the result is returned. They
work without JavaScript and on a phone."""
from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for

from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.onestop import catalogue, citizen, results
from eoffice.onestop.models import (
    COMPONENT_KIND_LABELS, ONLINE_LABELS, RATING_CRITERIA, RATING_VALUES, STATUS_LABELS,
)
from eoffice.onestop.schemas import RatingIn
from eoffice.onestop.views import component_files
from eoffice.signing.validation.present import panel as signature_panel
from eoffice.web.guard import client_ip, public

public_bp = Blueprint("onestop_public", __name__, template_folder="templates", static_folder="static",
                      static_url_path="/static/onestop")


@public_bp.context_processor
def labels() -> dict[str, Any]:
    return {"STATUS_LABELS": STATUS_LABELS, "COMPONENT_KIND_LABELS": COMPONENT_KIND_LABELS, "ONLINE_LABELS": ONLINE_LABELS,
            "RATING_CRITERIA": RATING_CRITERIA, "RATING_VALUES": RATING_VALUES, "signature_panel": signature_panel}


def rating_from_form(form: Any, channel: str = "") -> RatingIn:
    """The rating form's answers (one value per criterion); the channel is the kiosk's when the
    form says so, online otherwise, unless given (the desk entering a paper form)."""
    values = {key: form.get(key, "") for key in RATING_CRITERIA if form.get(key)}
    try:
        return RatingIn(values=values, channel=channel or ("kiosk" if form.get("kiosk") else "online"))
    except ValueError:
        raise ServiceError("rating_incomplete", "Hãy chọn một mức đánh giá cho mỗi tiêu chí.") from None


def refused_lookup(template: str, exc: ServiceError, **values: Any) -> Any:
    """A refused lookup: 404 with the one answer for a wrong code or a wrong secret, or 429
    with when to try again once the address has failed too often."""
    status = 429 if isinstance(exc, citizen.Throttled) else 404
    headers = {"Retry-After": str(exc.retry_after_seconds)} if isinstance(exc, citizen.Throttled) else {}
    return render_template(template, error=exc.message, **values), status, headers


@public_bp.get("/thu-tuc")
@public
def catalogue_page() -> Any:
    return render_template("onestop/public_catalogue.html", procedures=catalogue.list_procedures())


@public_bp.get("/tra-cuu")
@public
def lookup() -> Any:
    code, secret = request.args.get("ma", "")[:50], request.args.get("xn", "")[:30]
    if not code:
        return render_template("onestop/lookup.html", dossier=None, code="", secret="")
    try:
        dossier = citizen.lookup(code, secret, client_ip())
    except ServiceError as exc:
        return refused_lookup("onestop/lookup.html", exc, dossier=None, code=code, secret="")
    return render_template("onestop/lookup.html", dossier=dossier, code=code, secret=secret,
                           timeline=citizen.timeline(dossier), may_rate=citizen.may_rate(dossier),
                           status=citizen.status_text(dossier),
                           result=results.result_file(dossier) if results.citizen_may_download(dossier) else None)


@public_bp.get("/tra-cuu/ket-qua")
@public
def result_download() -> Any:
    """The signed electronic result, for the holder of the code and the secret, once returned."""
    from eoffice.files.download import file_response

    code, secret = request.args.get("ma", "")[:50], request.args.get("xn", "")[:30]
    if not code:
        return redirect(url_for("onestop_public.lookup"))
    try:
        dossier = citizen.lookup(code, secret, client_ip())
    except ServiceError as exc:
        return refused_lookup("onestop/lookup.html", exc, dossier=None, code=code, secret="")
    if not results.citizen_may_download(dossier):
        flash("Hồ sơ chưa có kết quả điện tử để tải về (kết quả được tải sau khi đã trả kết quả).", "error")
        return redirect(url_for("onestop_public.lookup", ma=code, xn=secret))
    return file_response(results.result_file(dossier))


@public_bp.post("/tra-cuu/danh-gia")
@public
def rate() -> Any:
    code, secret = request.form.get("ma", "")[:50], request.form.get("xn", "")[:30]
    flash_outcome(lambda: rate_from_form(citizen.lookup(code, secret, client_ip())), "Cảm ơn ông/bà đã đánh giá.")
    return redirect(url_for("onestop_public.lookup", ma=code, xn=secret))


@public_bp.route("/nop-truc-tuyen", methods=["GET", "POST"])
@public
def submit_online() -> Any:
    """Online submission without an account: the dossier waits «Mới đăng ký» for the desk."""
    from eoffice.onestop import intake
    from eoffice.onestop.schemas import DossierIn
    from eoffice.web.form_input import FormReader, PageForms, submit

    from eoffice.onestop.account_views import signed_in

    account = signed_in()
    procedures = [p for p in catalogue.list_procedures() if p.online]
    chosen = next((p for p in procedures if p.id == request.values.get("procedure_id", type=int)), None)
    state = None
    if request.method == "POST" and chosen is not None:
        reader = FormReader("online", request.form)
        made: list[Any] = []

        def call(data: DossierIn) -> None:
            made.append(intake.submit_online(data, component_files(len(chosen.components)), client_ip(), account=account))

        from_account = account.applicant_fields if account else {}
        state = submit(reader, lambda r: r.model(DossierIn, channel="online", **from_account), call,
                       {"missing_components": "provided", "missing_desk": "desk_unit_id", "not_pdf": "provided",
                        "type_not_allowed": "provided", "too_large": "provided", "invalid_pdf": "provided"},
                       db.session.rollback)
        if state is None:
            dossier = made[0]
            return render_template("onestop/submitted.html", d=dossier, account=account)
    return render_template("onestop/online.html", procedures=procedures, chosen=chosen, desks=intake.desks(),
                           f=PageForms(state).get("online"), account=account), 400 if state else 200


@public_bp.post("/tra-cuu/bo-sung")
@public
def answer_supplement() -> Any:
    """The citizen answers the request to supplement online, with the missing files."""
    code, secret = request.form.get("ma", "")[:50], request.form.get("xn", "")[:30]
    flash_outcome(lambda: supplement_from_form(citizen.lookup(code, secret, client_ip()), "công dân"), SUPPLEMENT_SENT)
    return redirect(url_for("onestop_public.lookup", ma=code, xn=secret))


SUPPLEMENT_SENT = "Đã gửi phần bổ sung. Thời hạn giải quyết tiếp tục được tính."


def flash_outcome(work: Callable[[], Any], success: str) -> None:
    """Run one of the citizen's answers; say it went through, or why not (after a rollback:
    nothing of a refused answer stays)."""
    try:
        work()
        flash(success, "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")


def rate_from_form(dossier: Any) -> None:
    citizen.rate(dossier, rating_from_form(request.form))


def supplement_from_form(dossier: Any, who: str) -> None:
    """The posted supplement (files per component, a note) as the citizen `who`."""
    from eoffice.actor import Actor
    from eoffice.onestop import processing

    processing.supplement(Actor(user=None, ip_address=client_ip(), system_name=who[:100]), dossier,
                          component_files(len(dossier.procedure.components)), request.form.get("note", "")[:2000])
