"""The citizen's account pages on the public side: register, confirm the code, sign in and out,
forgotten password, and «Hồ sơ của tôi» with the supplement and the rating. Plain forms that
work without JavaScript on a phone; the session is the citizen's own (`accounts`), never a staff
sign-in."""
from __future__ import annotations

from typing import Any, Callable, Optional

from flask import abort, flash, g, redirect, render_template, request, session, url_for

from eoffice.db import db
from eoffice.errors import NotFound, ServiceError
from eoffice.onestop import accounts, citizen, results
from eoffice.onestop.citizen import Throttled
from eoffice.onestop.models import CitizenAccount
from eoffice.onestop.public_views import SUPPLEMENT_SENT, flash_outcome, public_bp, rate_from_form, supplement_from_form
from eoffice.web.guard import client_ip, public

SESSION_KEY = "_eo_citizen"


def signed_in() -> Optional[CitizenAccount]:
    """The citizen signed in on this browser, if any (read once per request)."""
    if "citizen_account" not in g:
        g.citizen_account = accounts.account_of(session.get(SESSION_KEY))
    return g.citizen_account


@public_bp.context_processor
def _citizen() -> dict[str, Any]:
    return {"citizen_account": signed_in}


def _page(template: str, http_status: int = 200, **values: Any) -> Any:
    return render_template(f"onestop/citizen/{template}", **values), http_status


def _refused(exc: ServiceError, template: str, **values: Any) -> Any:
    db.session.rollback()
    status = 429 if isinstance(exc, Throttled) else 400
    answer = _page(template, status, error=exc.message, **values)
    if isinstance(exc, Throttled):
        return answer[0], status, {"Retry-After": str(exc.retry_after_seconds)}
    return answer


def _contact() -> str:
    return (request.values.get("lh") or "")[:200]


@public_bp.route("/cong-dan/dang-ky", methods=["GET", "POST"])
@public
def register() -> Any:
    values = {"full_name": request.form.get("full_name", "")[:200], "contact": request.form.get("contact", "")[:200]}
    if request.method == "GET":
        return _page("register.html", **values)
    try:
        account = accounts.register(values["full_name"], values["contact"], request.form.get("password", "")[:300])
    except ServiceError as exc:
        return _refused(exc, "register.html", **values)
    flash(f"Đã gửi mã xác nhận tới {account.contact}. Hãy nhập mã để hoàn tất đăng ký.", "success")
    return redirect(url_for("onestop_public.confirm", lh=account.contact))


@public_bp.route("/cong-dan/xac-nhan", methods=["GET", "POST"])
@public
def confirm() -> Any:
    contact = _contact()
    if request.method == "GET":
        return _page("confirm.html", contact=contact)
    try:
        if request.form.get("resend"):
            accounts.resend(contact, "verify")
            flash(f"Nếu {contact} đang chờ xác nhận, một mã mới vừa được gửi tới đó.", "success")
            return redirect(url_for("onestop_public.confirm", lh=contact))
        accounts.confirm(contact, request.form.get("code", "")[:20])
    except ServiceError as exc:
        return _refused(exc, "confirm.html", contact=contact)
    flash("Đã xác nhận tài khoản. Mời ông/bà đăng nhập.", "success")
    return redirect(url_for("onestop_public.sign_in", lh=contact))


def _next_page() -> str:
    """Where to go after signing in: a page of this site only."""
    target = request.values.get("next", "")
    local = target.startswith("/") and not target.startswith("//") and "\\" not in target
    return target if local else url_for("onestop_public.my_dossiers")


@public_bp.route("/cong-dan/dang-nhap", methods=["GET", "POST"])
@public
def sign_in() -> Any:
    contact = _contact()
    if request.method == "GET":
        return _page("sign_in.html", contact=contact, next=request.args.get("next", ""))
    try:
        secret = accounts.sign_in(contact, request.form.get("password", "")[:300], client_ip())
    except ServiceError as exc:
        if exc.code == "not_verified":
            flash(exc.message, "error")
            return redirect(url_for("onestop_public.confirm", lh=exc.details["contact"]))
        return _refused(exc, "sign_in.html", contact=contact, next=request.form.get("next", ""))
    accounts.sign_out(session.pop(SESSION_KEY, None))  # this browser's previous session, if any, ends
    session[SESSION_KEY] = secret
    return redirect(_next_page())


@public_bp.post("/cong-dan/dang-xuat")
@public
def sign_out() -> Any:
    accounts.sign_out(session.pop(SESSION_KEY, None))
    flash("Đã đăng xuất.", "success")
    return redirect(url_for("onestop_public.sign_in"))


@public_bp.route("/cong-dan/quen-mat-khau", methods=["GET", "POST"])
@public
def forgot_password() -> Any:
    contact = _contact()
    if request.method == "GET":
        return _page("forgot.html", contact=contact)
    try:
        accounts.request_reset(contact)
    except ServiceError as exc:
        return _refused(exc, "forgot.html", contact=contact)
    flash(f"Nếu {contact} có tài khoản, mã đặt lại mật khẩu vừa được gửi tới đó.", "success")
    return redirect(url_for("onestop_public.reset_password", lh=contact))


@public_bp.route("/cong-dan/dat-lai-mat-khau", methods=["GET", "POST"])
@public
def reset_password() -> Any:
    contact = _contact()
    if request.method == "GET":
        return _page("reset.html", contact=contact)
    try:
        accounts.reset_password(contact, request.form.get("code", "")[:20], request.form.get("password", "")[:300])
    except ServiceError as exc:
        return _refused(exc, "reset.html", contact=contact)
    flash("Đã đặt mật khẩu mới. Mời ông/bà đăng nhập.", "success")
    return redirect(url_for("onestop_public.sign_in", lh=contact))


def _account_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """A page for a signed-in citizen: otherwise to the citizen's sign-in, then back."""
    from functools import wraps

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        account = signed_in()
        if account is None:
            return redirect(url_for("onestop_public.sign_in", next=request.full_path.rstrip("?")))
        return view(account, *args, **kwargs)

    return public(wrapped)


@public_bp.get("/cong-dan/ho-so")
@_account_page
def my_dossiers(account: CitizenAccount) -> Any:
    return _page("my_dossiers.html", dossiers=accounts.my_dossiers(account))


def _mine(account: CitizenAccount, code: str) -> Any:
    try:
        return accounts.my_dossier(account, code)
    except NotFound:
        abort(404)


@public_bp.get("/cong-dan/ho-so/<code>")
@_account_page
def my_dossier(account: CitizenAccount, code: str) -> Any:
    dossier = _mine(account, code)
    return _page("my_dossier.html", dossier=dossier, timeline=citizen.timeline(dossier), may_rate=citizen.may_rate(dossier),
                 status=citizen.status_text(dossier),
                 result=results.result_file(dossier) if results.citizen_may_download(dossier) else None)


@public_bp.post("/cong-dan/ho-so/<code>/bo-sung")
@_account_page
def my_supplement(account: CitizenAccount, code: str) -> Any:
    """The answer to a request to supplement, from the account (no code and secret to type)."""
    dossier = _mine(account, code)
    flash_outcome(lambda: supplement_from_form(dossier, f"công dân {account.full_name}"), SUPPLEMENT_SENT)
    return redirect(url_for("onestop_public.my_dossier", code=dossier.code))


@public_bp.post("/cong-dan/ho-so/<code>/danh-gia")
@_account_page
def my_rating(account: CitizenAccount, code: str) -> Any:
    dossier = _mine(account, code)
    flash_outcome(lambda: rate_from_form(dossier), "Cảm ơn ông/bà đã đánh giá.")
    return redirect(url_for("onestop_public.my_dossier", code=dossier.code))


@public_bp.get("/cong-dan/ho-so/<code>/ket-qua")
@_account_page
def my_result(account: CitizenAccount, code: str) -> Any:
    """The signed electronic result of one's own dossier, once returned."""
    from eoffice.files.download import file_response

    dossier = _mine(account, code)
    if not results.citizen_may_download(dossier):
        abort(404)
    return file_response(results.result_file(dossier))
