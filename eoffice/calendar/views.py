"""Calendar pages: the year for everyone (read only) and the admin's editor.

Thin on purpose: parse the query/form, call eoffice.calendar.admin, render. No URL carries an
object id for GET pages (year and unit are query parameters), so every page renders for any
year and scope; deleting asks for confirmation on the year page (?delete=ID) before the POST.
"""
from __future__ import annotations

from typing import Any, Optional

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice

from eoffice.calendar import admin, service
from eoffice.calendar.grid import LEGEND, SOURCE_LABELS, WEEKDAY_SHORT
from eoffice.calendar.models import OVERRIDE_KINDS
from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.web.guard import current_actor, requires

calendar_bp = Blueprint("calendar", __name__, template_folder="templates")
admin_bp = Blueprint("calendar_admin", __name__, template_folder="templates")


class OverrideForm(FlaskForm):
    """Fields are plain text: the service parses and explains errors in Vietnamese."""

    day = StringField("Ngày")
    kind = SelectField("Loại ngày", choices=[SelectChoice(value, label) for value, label in OVERRIDE_KINDS.items()], validate_choice=False)
    reason = StringField("Lý do")
    source = StringField("Văn bản căn cứ (số, ký hiệu, ngày)")
    unit_id = SelectField("Áp dụng cho", coerce=int, validate_choice=False)
    submit = SubmitField("Thêm vào lịch")


class DeleteForm(FlaskForm):
    override_id = HiddenField()
    submit = SubmitField("Xóa mục này")


def _unit_choices() -> list[tuple[int, str]]:
    from eoffice.org import service as org

    choices = [(0, "Toàn cơ quan")]
    for depth, unit in org.tree():
        if unit.is_active:
            choices.append((unit.id, "— " * depth + unit.name))
    return choices


def _year() -> int:
    value = request.args.get("year", type=int)
    return value if value is not None else service.now().year


def _unit_arg() -> Optional[int]:
    return request.args.get("unit", type=int) or None


def _render(template: str, view: Any, status: int = 200, **extra: Any) -> Any:
    return render_template(
        template, view=view, legend=LEGEND, source_labels=SOURCE_LABELS, weekdays=WEEKDAY_SHORT,
        kind_labels=OVERRIDE_KINDS, units=_unit_choices(), **extra,
    ), status


def _year_or_error(year: int, unit_id: Optional[int]) -> Any:
    try:
        return admin.year_view(year, unit_id)
    except ServiceError as exc:
        flash(exc.message, "error")
        return admin.year_view(service.now().year, None)


@calendar_bp.get("/calendar", endpoint="year")
@requires("calendar.view")
def year_public() -> Any:
    view = _year_or_error(_year(), _unit_arg())
    return _render("calendar/year.html", view, endpoint="calendar.year", editable=False)


@admin_bp.get("/admin/calendar", endpoint="year")
@requires("admin.calendar.manage")
def year_admin() -> Any:
    view = _year_or_error(_year(), _unit_arg())
    form = OverrideForm(unit_id=view.unit.id if view.unit else 0)
    form.unit_id.choices = _unit_choices()
    confirm: Optional[Any] = None
    if request.args.get("delete"):
        try:
            confirm = admin.get_override(request.args.get("delete"))
        except ServiceError as exc:
            flash(exc.message, "error")
    delete_form = DeleteForm(override_id=confirm.id if confirm else "")
    return _render("calendar/year.html", view, endpoint="calendar_admin.year", editable=True, form=form,
                   confirm=confirm, delete_form=delete_form)


@admin_bp.post("/admin/calendar/overrides")
@requires("admin.calendar.manage")
def add() -> Any:
    form = OverrideForm()
    form.unit_id.choices = _unit_choices()
    if not form.validate_on_submit():
        flash("Biểu mẫu đã hết hạn; hãy tải lại trang và nhập lại.", "error")
        return redirect(url_for("calendar_admin.year"))
    try:
        row = admin.add_override(
            current_actor(), day=form.day.data, kind=form.kind.data or "", reason=form.reason.data or "",
            source=form.source.data or "", unit_id=form.unit_id.data or None,
        )
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        year = admin.parse_day(form.day.data).year if _parses(form.day.data) else service.now().year
        view = _year_or_error(year, form.unit_id.data or None)
        return _render("calendar/year.html", view, status=400, endpoint="calendar_admin.year", editable=True,
                       form=form, confirm=None, delete_form=DeleteForm())
    flash(f"Đã thêm {row.kind_label.lower()} {row.day:%d/%m/%Y}: {row.reason}.", "success")
    return redirect(url_for("calendar_admin.year", year=row.day.year, unit=row.unit_id or None))


def _parses(value: Any) -> bool:
    try:
        admin.parse_day(value)
    except ServiceError:
        return False
    return True


@admin_bp.post("/admin/calendar/overrides/delete")
@requires("admin.calendar.manage")
def delete() -> Any:
    form = DeleteForm()
    if not form.validate_on_submit():
        flash("Biểu mẫu đã hết hạn; hãy tải lại trang và thử lại.", "error")
        return redirect(url_for("calendar_admin.year"))
    try:
        removed = admin.delete_override(current_actor(), form.override_id.data)
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("calendar_admin.year"))
    flash(f"Đã xóa mục {removed['day'][8:10]}/{removed['day'][5:7]}/{removed['day'][:4]} ({removed['reason']}) "
          f"khỏi lịch của {removed['unit']}.", "success")
    return redirect(url_for("calendar_admin.year", year=int(removed["day"][:4]), unit=removed["unit_id"] or None))
