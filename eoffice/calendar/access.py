"""Who may see the calendar (registered with eoffice.auth.permissions on import).

Everyone signed in may read the year's days off: a specialist planning a deadline needs them.
Editing is "admin.calendar.manage", declared with the other organisation-wide admin actions.
"""
from __future__ import annotations

from eoffice.auth.permissions import roles_rule
from eoffice.auth.roles import Role

roles_rule("calendar.view", *Role)
