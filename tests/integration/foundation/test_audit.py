"""The hash-chained audit trail: every change is recorded, any tampering is caught."""
from __future__ import annotations

from sqlalchemy import func, select, text

from eoffice.audit import service as audit
from eoffice.audit.models import AuditEntry
from eoffice.db import db
from eoffice.org import service as org


def make_history(operator, n=4, sealed=True):
    for i in range(n):
        org.create_unit(operator, name=f"Đơn vị {i}", short_name=f"DV{i}", kind="phong")
    if sealed:
        audit.seal()


def run_verify(app):
    from eoffice.cli import main

    return app.test_cli_runner().invoke(main, ["audit", "verify"])


def test_every_change_is_recorded_with_actor_object_and_summary(app, operator):
    make_history(operator, 1)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "unit.create"))
    assert entry.actor_name == "kiểm thử"
    assert entry.object_type == "unit"
    assert entry.summary["after"]["name"] == "Đơn vị 0"
    assert audit.verify().ok


def test_verify_passes_on_an_intact_chain(app, operator):
    make_history(operator)
    result = run_verify(app)
    assert result.exit_code == 0, result.output
    assert "toàn vẹn" in result.output


def test_verify_names_the_first_entry_edited_directly_in_the_database(app, operator):
    make_history(operator)
    db.session.execute(text("UPDATE audit_entries SET actor_name = 'kẻ giả mạo' WHERE seq = 3"))
    db.session.commit()
    result = run_verify(app)
    assert result.exit_code == 3
    assert "bản ghi số 3" in result.output


def test_verify_catches_an_edited_summary_even_with_a_recomputed_hash(app, operator):
    make_history(operator)
    # An attacker who edits a row and recomputes its hash still breaks the next link.
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.seq == 2))
    entry.summary = {"after": {"name": "sửa lén"}}
    fields = dict(at=entry.at, actor_id=entry.actor_id, actor_name=entry.actor_name, ip_address=entry.ip_address,
                  action=entry.action, object_type=entry.object_type, object_id=entry.object_id, summary=entry.summary)
    entry.content_hash = audit.content_hash(**fields)
    entry.hash = audit.entry_hash(seq=entry.seq, prev_hash=entry.prev_hash, **fields)
    db.session.commit()
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == 3


def test_verify_catches_a_removed_entry(app, operator):
    make_history(operator)
    db.session.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
    db.session.commit()
    result = audit.verify()
    assert not result.ok and result.first_bad_seq == 2


def test_verify_catches_removal_of_the_newest_entries(app, operator):
    make_history(operator)
    last = db.session.scalar(select(func.max(AuditEntry.seq)))
    db.session.execute(text(f"DELETE FROM audit_entries WHERE seq = {last}"))
    db.session.commit()
    assert run_verify(app).exit_code == 3


def test_the_admin_browses_and_filters_the_log(demo_app):
    from tests.helpers import login

    client = demo_app.test_client()
    login(client, "quantri", "Demo@2026")
    page = client.get("/admin/audit?action=user.create&actor=d%E1%BB%AF").get_data(as_text=True)
    assert 'data-action="user.create"' in page and 'data-action="unit.create"' not in page
    assert client.get("/admin/audit?from=2000-01-01&to=2000-01-02").get_data(as_text=True).count('data-action="user.') == 0
