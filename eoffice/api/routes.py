"""Imports every domain's API module so their operations register on the blueprint."""
from eoffice.api import search as _search_api  # noqa: F401
from eoffice.audit import api as _audit_api  # noqa: F401
from eoffice.auth import api as _auth_api  # noqa: F401
from eoffice.calendar import api as _calendar_api  # noqa: F401
from eoffice.org import api as _org_api  # noqa: F401
from eoffice.documents import api as _documents_api  # noqa: F401
