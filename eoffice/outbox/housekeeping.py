"""Keeping the outbox small: handled events are deleted after the configured retention
(EOFFICE_OUTBOX_RETENTION_DAYS). Pending events are never touched, however old: they are work
not yet done. The worker runs this hourly (see outbox.schedule)."""
from __future__ import annotations

from datetime import timedelta

from eoffice.outbox import service


def purge_old_events() -> int:
    """Delete processed events older than the retention; return how many."""
    from eoffice import current_settings

    return service.purge_processed(timedelta(days=current_settings().outbox_retention_days))
