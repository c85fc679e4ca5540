"""Imports every domain's models so SQLAlchemy (and Alembic autogenerate) knows all tables."""
from eoffice.audit.models import AuditEntry, AuditHead  # noqa: F401
from eoffice.auth.models import ApiToken, LoginAttempt, Membership, RoleGrant, User  # noqa: F401
from eoffice.org.models import Unit  # noqa: F401
from eoffice.settings_store import AppSetting  # noqa: F401
from eoffice.outbox.models import OutboxEvent  # noqa: F401
from eoffice.documents.models import (  # noqa: F401
    Assignment, DocumentFile, DocumentReader, InboundDelivery, IncomingDocument, IncomingRegister, ProcessingEvent,
    RegisterCounter, StagedUpload,
)
from eoffice.notify.models import Notification  # noqa: F401
from eoffice.calendar.models import CalendarOverride  # noqa: F401
