"""Imports every domain's API module so their endpoints register on the blueprint."""
from eoffice.audit import api as _audit_api  # noqa: F401
from eoffice.auth import api as _auth_api  # noqa: F401
from eoffice.org import api as _org_api  # noqa: F401
from eoffice.documents import api as _documents_api  # noqa: F401
from eoffice.documents import flow_api as _documents_flow_api  # noqa: F401
