"""The demo office every exchange test works in."""
from tests.integration.documents.conftest import office  # noqa: F401 - the demo office fixture
