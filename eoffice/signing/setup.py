"""Plugging signature checking into the app: the worker's validation handler and the
administrators' trust-store page (Quản trị → Chứng thư số tin cậy)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from eoffice.signing import audit_labels  # noqa: F401 - how the audit log names trust changes
    from eoffice.signing.trust import service
    from eoffice.signing.trust.views import bp as trust_bp
    from eoffice.signing.validation import background  # noqa: F401 - registers the outbox handler
    from eoffice.web.menu import MenuEntry, add_entry

    app.register_blueprint(trust_bp)
    add_entry(MenuEntry("Chứng thư số tin cậy", "trust_admin.index", service.MANAGE, group="admin", order=40))
