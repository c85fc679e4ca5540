"""One-stop dossiers as a kind of work: the one value the `eoffice.kinds` entry point names."""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import select

from eoffice.calendar.timezone import VN
from eoffice.db import db
from eoffice.onestop import access
from eoffice.onestop.models import EVENT_LABELS, STATUS_LABELS, TRANSITIONS, Dossier, DossierState
from eoffice.work.kinds import WorkKind


def _describe(dossier: Dossier) -> str:
    return f"Hồ sơ {dossier.code} – {dossier.title[:120]}"


def _url(dossier: Dossier) -> str:
    return f"/onestop/{dossier.id}"


def search_document(dossier_id: int) -> Optional[Any]:
    """The search entry of a dossier: its code, procedure and applicant, for its readers."""
    from search import IndexedItem

    dossier = db.session.get(Dossier, dossier_id)
    if dossier is None:
        return None
    moment = dossier.received_at.astimezone(VN)
    return IndexedItem(
        id=f"dossier:{dossier.id}", kind="dossier", title=f"{dossier.title} – {dossier.applicant_name}",
        number=dossier.code, doc_type="Hồ sơ một cửa", issuer=dossier.agency.name,
        unit=dossier.owner_unit.name if dossier.owner_unit else "", year=moment.year,
        status=STATUS_LABELS.get(dossier.status, dossier.status), date=moment.date(),
        readers=access.readers_of(dossier), extra={"url": _url(dossier)},
    )


def all_ids() -> list[int]:
    return list(db.session.scalars(select(Dossier.id).order_by(Dossier.id)))


def _init_app(app: Any) -> None:
    from eoffice.onestop.setup import init_app

    init_app(app)


def _load_demo() -> None:
    """The demo catalogue (the commune's civil-status officer and chair who process it are in
    the demo office's accounts, eoffice.demo.ACCOUNTS)."""
    from eoffice.actor import Actor
    from eoffice.onestop.catalogue import list_procedures, load_demo_catalogue

    if not list_procedures(active_only=False):
        load_demo_catalogue(Actor.operator("dữ liệu mẫu"))
    db.session.commit()


DOSSIER = WorkKind(
    name="dossier",
    label="Hồ sơ một cửa",
    model=Dossier,
    states=DossierState,
    transitions=TRANSITIONS,
    readers=access.readers_of,  # type: ignore[arg-type]
    url=_url,  # type: ignore[arg-type]
    describe=_describe,  # type: ignore[arg-type]
    search_document=search_document,
    all_ids=all_ids,
    init_app=_init_app,
    event_labels=EVENT_LABELS,
    state_labels=STATUS_LABELS,
    load_demo=_load_demo,
)
