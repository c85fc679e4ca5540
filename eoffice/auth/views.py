"""Sign in, sign out, the user's own password and API tokens."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from eoffice import current_settings
from eoffice.auth import passwords, service
from eoffice.auth.forms import ChangePasswordForm, ConfirmForm, LoginForm, TokenForm
from eoffice.auth.sessions import SESSION_KEY
from eoffice.errors import ServiceError
from eoffice.extensions import login_manager
from eoffice.web.guard import client_ip, current_actor, public, requires

bp = Blueprint("auth", __name__, template_folder="templates")


def _bearer_sent() -> bool:
    return request.headers.get("Authorization", "").startswith("Bearer ")


@login_manager.user_loader
def _load_user(user_id: str):  # type: ignore[no-untyped-def]
    """The cookie's user, if its server-side session is still live.

    A request that sends a Bearer token is decided by the token alone (Flask-Login then asks
    the request loader below), even if the browser also sends its session cookie.
    """
    if _bearer_sent():
        return None
    return service.load_session_user(user_id, session.get(SESSION_KEY))


@login_manager.request_loader
def _load_token_user(req):  # type: ignore[no-untyped-def]
    """API calls authenticate with `Authorization: Bearer eot_…`; never with the cookie."""
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    user = service.user_for_token(header[7:].strip())
    if user is not None:
        g.token_auth = True
    return user


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("core.home")


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> Any:
    from eoffice.demo import demo_accounts_for_login_page

    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = service.authenticate(form.username.data or "", form.password.data or "", client_ip())
        except service.LoginFailed as exc:
            error = exc.message
        else:
            session[SESSION_KEY] = service.start_session(user, client_ip(), request.user_agent.string)
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    status = 401 if error else 200
    return render_template(
        "auth/login.html", form=form, error=error, demo_accounts=demo_accounts_for_login_page()
    ), status


@bp.post("/logout")
@requires("authenticated")
def logout() -> Any:
    service.record_logout(current_actor(), session.pop(SESSION_KEY, None))
    logout_user()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@requires("authenticated")
def change_password() -> Any:
    """Everyone changes their own password; the other browsers signed in as them are signed out."""
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            ended = service.change_own_password(
                current_actor(), form.current_password.data or "", form.new_password.data or "", session.get(SESSION_KEY),
            )
        except ServiceError as exc:
            flash(exc.message, "error")
            status = 400
        else:
            message = "Đã đổi mật khẩu."
            if ended:
                message += f" {ended} phiên đăng nhập khác của bạn (trên máy hoặc trình duyệt khác) đã kết thúc."
            flash(message, "success")
            return redirect(url_for("auth.change_password"))
    elif form.is_submitted():
        status = 400
    return render_template(
        "auth/change_password.html", form=form, hint=passwords.policy_hint(current_settings().password_min_length),
    ), status


@bp.route("/account/tokens", methods=["GET", "POST"])
@requires("account.tokens.manage")
def tokens() -> Any:
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        try:
            new_token, _ = service.create_token(
                current_actor(), current_user, form.name.data or "", form.expires_in_days.data
            )
        except ServiceError as exc:
            flash(exc.message, "error")
    return render_template(
        "auth/tokens.html", form=form, tokens=service.user_tokens(current_user), new_token=new_token, confirm=ConfirmForm()
    )


@bp.post("/account/tokens/<int:token_id>/revoke")
@requires("account.tokens.manage")
def revoke_token(token_id: int) -> Any:
    form = ConfirmForm()
    if form.validate_on_submit():
        service.revoke_token(current_actor(), service.get_token(token_id))
        flash("Đã thu hồi khóa API.", "info")
    return redirect(url_for("auth.tokens"))
