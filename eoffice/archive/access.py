"""Who may read and act in the archive (registered with eoffice.auth.permissions).

A dossier is read by its handler, the heads of its owner unit and the archivists (lưu trữ
viên, who keep every dossier); a public one also by the owner unit's members and the
leadership. A filed document follows its own access regime the same way (Circular 02/2019:
01 public, 02 restricted, 03 secret): a secret one only by the handler, the heads of the unit
and the archivists — never the whole unit — so search and downloads cannot leak it.

Archivists and administrators keep the catalogue (create, copy forward); leaders of the
agency (chairpersons, the office chief) approve it. Any member of the owner unit may open a
dossier from an approved entry; the handler (or an archivist) files into it and closes it;
archivists transfer and export, and propose and execute the destruction of records whose
retention has ended, which only the head of the agency (Chủ tịch) approves.
"""
from __future__ import annotations

from typing import Any

from eoffice.auth.permissions import roles_rule, rule
from eoffice.auth.principals import head_units
from eoffice.auth.roles import Role

ARCHIVISTS = (Role.ARCHIVIST,)
CATALOGUE_KEEPERS = (Role.ARCHIVIST, Role.OFFICE_CHIEF, Role.ADMIN)
APPROVERS = (Role.CHAIR, Role.OFFICE_CHIEF)
LEADERSHIP = (Role.CHAIR, Role.OFFICE_CHIEF)


def _readers(handler_id: int, unit_id: int | None, regime: int) -> list[str]:
    readers = {f"user:{handler_id}", f"role:{Role.ARCHIVIST.value}"}
    if unit_id:
        readers.add(f"head:{unit_id}")
        if regime == 1:
            readers.add(f"unit:{unit_id}")
    if regime == 1:
        readers.update(f"role:{role.value}" for role in LEADERSHIP)
    elif regime == 2:
        readers.update(f"role:{role.value}" for role in LEADERSHIP)
    return sorted(readers)


def dossier_readers(dossier: Any) -> list[str]:
    return _readers(dossier.handler_id, dossier.owner_unit_id, dossier.access_regime)


def document_readers(document: Any) -> list[str]:
    """A filed document is never more open than its dossier: the stricter regime wins."""
    dossier = document.dossier
    regime = max(document.access_regime, dossier.access_regime)
    return _readers(dossier.handler_id, dossier.owner_unit_id, regime)


def is_archivist(user: Any) -> bool:
    return bool(user.roles & set(ARCHIVISTS))


def may_handle(user: Any, dossier: Any) -> bool:
    """File into and close: the handler, a head of the owner unit, or an archivist."""
    return dossier.handler_id == user.id or dossier.owner_unit_id in head_units(user) or is_archivist(user)


roles_rule("archive.work", *Role)
roles_rule("archive.catalogue.manage", *CATALOGUE_KEEPERS)
roles_rule("archive.catalogue.approve", *APPROVERS)
roles_rule("archive.keep", *ARCHIVISTS, Role.ADMIN)
# Destroying records is decided by the head of the agency alone (Archives Law 2011 art. 28).
roles_rule("archive.disposal.approve", Role.CHAIR)
roles_rule("archive.disposal.view", *ARCHIVISTS, Role.ADMIN, Role.CHAIR)


@rule("archive_dossier.view")
def _view_dossier(user: Any, dossier: Any) -> bool:
    from eoffice.work.access import may_read

    return dossier is None or may_read(user, dossier)


@rule("archive_doc.view")
def _view_document(user: Any, document: Any) -> bool:
    from eoffice.work.access import may_read

    return document is None or may_read(user, document)


@rule("archive_dossier.handle")
def _handle(user: Any, dossier: Any) -> bool:
    return dossier is None or may_handle(user, dossier)
