"""Plugging the calendar into the app: settings, pages, menu entries."""
from __future__ import annotations

from flask import Flask

from eoffice.calendar.settings import EXTENSION_KEY, settings_for_app
from eoffice.web.menu import MenuEntry, add_entry


def init_app(app: Flask) -> None:
    from eoffice.calendar import access  # noqa: F401 - registers the permission rules
    from eoffice.calendar.views import admin_bp, calendar_bp

    # Read the working hours now: a bad EOFFICE_WORKING_HOURS stops the app at start-up.
    app.extensions[EXTENSION_KEY] = settings_for_app(app.extensions["eoffice.settings"])
    app.register_blueprint(calendar_bp)
    app.register_blueprint(admin_bp)
    add_entry(MenuEntry("Lịch nghỉ lễ", "calendar.year", "calendar.view", order=75))
    add_entry(MenuEntry("Lịch làm việc", "calendar_admin.year", "admin.calendar.manage", group="admin", order=40))
