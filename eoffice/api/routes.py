"""Imports the shared core's API modules so their endpoints register on the blueprint; each kind
of work imports its own from its `init_app` (eoffice.work.kinds)."""
from eoffice.api import search as _search_api  # noqa: F401
from eoffice.audit import api as _audit_api  # noqa: F401
from eoffice.auth import api as _auth_api  # noqa: F401
from eoffice.calendar import api as _calendar_api  # noqa: F401
from eoffice.org import api as _org_api  # noqa: F401
from eoffice.signing.trust import api as _signing_api  # noqa: F401
from eoffice.exchange import api as _exchange_api  # noqa: F401
