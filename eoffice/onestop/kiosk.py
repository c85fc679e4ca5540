"""Kiosk mode: the desk's touch-screen information kiosk (portrait 1080×1920, no keyboard, no
login). Three big buttons — look a dossier up (typing on the on-screen keypad, scanning the
receipt's QR with the kiosk's scanner or camera), rate the service once the result was
received, browse the procedures — and back to the start screen when left idle.

Why its own pages and not the phone pages: a kiosk is shared. The lookup is posted (the
secret never sits in the address bar or the history for the next person), every page but
the start screen returns to it after a minute without a touch (JavaScript; a plain refresh
when scripts are off), and nothing personal is shown — the same facts as the public lookup.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from flask import redirect, render_template, request, url_for

from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.onestop import catalogue, citizen
from eoffice.onestop.public_views import public_bp
from eoffice.onestop.schemas import RatingIn
from eoffice.web.guard import client_ip, public

IDLE_SECONDS = 60
THANKS_SECONDS = 12


def scanned(code: str, secret: str) -> tuple[str, str]:
    """The code and secret from what was typed — or from the receipt's QR, which a kiosk's
    scanner types as the whole lookup address (…/tra-cuu?ma=…&xn=…) into the code field."""
    text = code.strip()
    if "ma=" in text:
        query = parse_qs(urlsplit(text).query or text.split("?", 1)[-1])
        return (query.get("ma", [""])[0].strip()[:50], (query.get("xn", [""])[0] or secret).strip()[:30])
    return text.upper()[:50], secret.strip()[:30]


def _page(template: str, http_status: int = 200, **values: Any) -> Any:
    values.setdefault("idle", IDLE_SECONDS)
    return render_template(f"onestop/kiosk/{template}", **values), http_status


@public_bp.get("/kiosk")
@public
def kiosk_home() -> Any:
    return _page("home.html", idle=0)


@public_bp.get("/kiosk/thu-tuc")
@public
def kiosk_procedures() -> Any:
    return _page("procedures.html", procedures=catalogue.list_procedures())


@public_bp.get("/kiosk/tra-cuu")
@public
def kiosk_lookup_form() -> Any:
    return _page("lookup.html", code="", rate=request.args.get("muc") == "danh-gia")


@public_bp.post("/kiosk/tra-cuu")
@public
def kiosk_lookup() -> Any:
    rate = request.form.get("muc") == "danh-gia"
    code, secret = scanned(request.form.get("ma", ""), request.form.get("xn", ""))
    if not code or not secret:
        return _page("lookup.html", 400, code=code, rate=rate,
                     error="Hãy nhập mã hồ sơ và mã tra cứu (hoặc 4 số cuối số điện thoại), hoặc quét mã QR trên giấy hẹn.")
    try:
        dossier = citizen.lookup(code, secret, client_ip())
    except ServiceError as exc:
        return _page("lookup.html", 429 if isinstance(exc, citizen.Throttled) else 404, code=code, rate=rate, error=exc.message)
    return _page("status.html", dossier=dossier, secret=secret, status=citizen.status_text(dossier),
                 timeline=citizen.timeline(dossier)[-5:], may_rate=citizen.may_rate(dossier), rate=rate,
                 rated=bool(citizen.ratings_of(dossier)))


@public_bp.post("/kiosk/danh-gia")
@public
def kiosk_rate() -> Any:
    """The rating screen (big tiles per criterion) and, when it comes back filled, the rating."""
    from eoffice.onestop.models import RATING_CRITERIA

    code, secret = request.form.get("ma", "")[:50], request.form.get("xn", "")[:30]
    try:
        dossier = citizen.lookup(code, secret, client_ip())
    except ServiceError as exc:
        return _page("lookup.html", 429 if isinstance(exc, citizen.Throttled) else 404, code=code, rate=True, error=exc.message)
    values = {key: request.form[key] for key in RATING_CRITERIA if request.form.get(key)}
    if not citizen.may_rate(dossier):
        why = ("Hồ sơ này đã được đánh giá. Cảm ơn ông/bà." if citizen.ratings_of(dossier)
               else "Chỉ đánh giá được sau khi ông/bà đã nhận kết quả.")
        return _page("rate.html", 400, dossier=dossier, secret=secret, chosen={}, error=why, closed=True)
    if request.form.get("gui") != "1":
        return _page("rate.html", dossier=dossier, secret=secret, chosen={}, error=None)
    try:
        try:
            data = RatingIn(values=values, channel="kiosk")
        except ValueError:
            raise ServiceError("rating_incomplete", "Hãy chạm chọn một mức cho mỗi tiêu chí.") from None
        citizen.rate(dossier, data)
    except ServiceError as exc:
        db.session.rollback()
        return _page("rate.html", 400, dossier=dossier, secret=secret, chosen=values, error=exc.message)
    return redirect(url_for("onestop_public.kiosk_thanks"))


@public_bp.get("/kiosk/cam-on")
@public
def kiosk_thanks() -> Any:
    return _page("thanks.html", idle=THANKS_SECONDS)
