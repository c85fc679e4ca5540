"""Imports every model so SQLAlchemy (and Alembic autogenerate) knows all tables: the shared
core's here, and each registered kind's through its entry point (eoffice.work.kinds)."""
from eoffice.audit.models import AuditEntry, AuditHead  # noqa: F401
from eoffice.auth.models import ApiToken, LoginAttempt, Membership, RoleGrant, User  # noqa: F401
from eoffice.calendar.models import CalendarOverride  # noqa: F401
from eoffice.files.models import StoredFile  # noqa: F401
from eoffice.notify.models import Notification  # noqa: F401
from eoffice.org.models import Unit  # noqa: F401
from eoffice.outbox.models import OutboxEvent  # noqa: F401
from eoffice.settings_store import AppSetting  # noqa: F401
from eoffice.signing.trust.models import TrustStoreCertificate  # noqa: F401
from eoffice.exchange.models import ExchangeMessage  # noqa: F401
from eoffice.work.kinds import discover
from eoffice.work.models import Assignment, WorkEvent, WorkFile, WorkItem, WorkReader  # noqa: F401

KINDS = discover()
