"""Sign in, sign out, and the user's own API tokens."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from eoffice.auth import service
from eoffice.auth.forms import ConfirmForm, LoginForm, TokenForm
from eoffice.errors import ServiceError
from eoffice.extensions import login_manager
from eoffice.web.guard import client_ip, current_actor, public, requires

bp = Blueprint("auth", __name__, template_folder="templates")


@login_manager.user_loader
def _load_user(session_id: str):  # type: ignore[no-untyped-def]
    return service.load_session_user(session_id)


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
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    status = 401 if error else 200
    return render_template(
        "auth/login.html", form=form, error=error, demo_accounts=demo_accounts_for_login_page()
    ), status


@bp.post("/logout")
@requires("authenticated")
def logout() -> Any:
    service.record_logout(current_actor())
    logout_user()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


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
