"""Lists at a province's volume (bench/lists.py).

- One folded search column for every kind's list: work_items.search_text replaces the incoming
  documents' own, so outgoing, task and one-stop lists find "thanh lap" in "THÀNH LẬP" and
  "quy dinh" in "QUI ĐỊNH" as the incoming lists do (eoffice.work.list_search). The incoming
  values are moved as they are (already folded); the other kinds' are folded here from the
  fields their `list_search_parts` names, by the app's own function. On PostgreSQL a trigram
  index (pg_trgm, a trusted extension the database owner may create) serves `LIKE '%word%'`.
- incoming_documents.follow_up_deadline: the deadline a document is followed up against,
  stored (eoffice.documents.list_search keeps it) and indexed, so the clerk's queue sorts by
  it without a subquery per row; filled here by the same rule.

Revision ID: g14l_list_search
Revises: g10c_citizen_accounts
Create Date: 2026-12-08 00:40:00
"""
from alembic import op
import sqlalchemy as sa

import eoffice.db

revision = 'g14l_list_search'
down_revision = 'g10c_citizen_accounts'
branch_labels = None
depends_on = None

BATCH = 2000
# kind table → the columns (after the work item's title) its list searches in
KIND_FIELDS = {
    'outgoing_documents': ('notation',),
    'tasks': ('area',),
    'dossiers': ('code', 'applicant_name'),
}


def _fold_kind(connection, table_name: str, fields: tuple[str, ...]) -> None:
    from eoffice.work.list_search import fold_for_search

    items = sa.table('work_items', sa.column('id', sa.Integer), sa.column('title', sa.String),
                     sa.column('search_text', sa.Text))
    kind = sa.table(table_name, sa.column('id', sa.Integer), *[sa.column(f, sa.String) for f in fields])
    last = 0
    while True:
        rows = connection.execute(
            sa.select(items.c.id, items.c.title, *[kind.c[f] for f in fields]).join(kind, kind.c.id == items.c.id)
            .where(items.c.id > last).order_by(items.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        for row in rows:
            folded = fold_for_search(" ".join(p for p in row[1:] if p))
            connection.execute(items.update().where(items.c.id == row.id).values(search_text=folded))
        last = rows[-1].id


def upgrade() -> None:
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
    connection = op.get_bind()
    connection.execute(sa.text(
        "UPDATE work_items SET search_text = COALESCE((SELECT d.search_text FROM incoming_documents d "
        "WHERE d.id = work_items.id), '') WHERE kind = 'incoming'"))
    for table_name, fields in KIND_FIELDS.items():
        _fold_kind(connection, table_name, fields)
    if connection.dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    # GIN trigrams on PostgreSQL; a plain index on SQLite (see WorkItem.__table_args__)
    op.create_index('ix_work_items_search_text', 'work_items', ['search_text'], postgresql_using='gin',
                    postgresql_ops={'search_text': 'gin_trgm_ops'})
    with op.batch_alter_table('incoming_documents', schema=None) as batch_op:
        batch_op.drop_column('search_text')
        batch_op.add_column(sa.Column('follow_up_deadline', eoffice.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_incoming_documents_follow_up_deadline'), ['follow_up_deadline'], unique=False)
    connection.execute(sa.text(
        "UPDATE incoming_documents SET follow_up_deadline = COALESCE("
        "(SELECT a.deadline FROM assignments a WHERE a.work_item_id = incoming_documents.id AND a.role = 'lead' "
        "AND a.status NOT IN ('recalled', 'forwarded') ORDER BY a.id DESC LIMIT 1), "
        "(SELECT w.deadline FROM work_items w WHERE w.id = incoming_documents.id))"))


def downgrade() -> None:
    op.drop_index('ix_work_items_search_text', table_name='work_items')
    with op.batch_alter_table('incoming_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incoming_documents_follow_up_deadline'))
        batch_op.drop_column('follow_up_deadline')
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
    op.get_bind().execute(sa.text(
        "UPDATE incoming_documents SET search_text = (SELECT w.search_text FROM work_items w WHERE w.id = incoming_documents.id)"))
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.drop_column('search_text')
