"""incoming documents: folded search text for the lists' search box

Revision ID: f10a_incoming_search_text
Revises: a7c3e9_audit_sealer
Create Date: 2026-12-02 16:10:00

The column is filled for the documents already registered with the same folding the app
uses on every save (eoffice.documents.list_search.fold_for_search).
"""
from alembic import op
import sqlalchemy as sa


revision = 'f10a_incoming_search_text'
down_revision = 'a7c3e9_audit_sealer'
branch_labels = None
depends_on = None


def _fold(text):
    import re

    from search.vietnamese import fold, normalize

    folded = fold(normalize(text or "")).lower()
    return " ".join(re.sub(r"(?<![0-9])0+(?=[0-9])", "", folded).split())


def upgrade():
    with op.batch_alter_table('incoming_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))

    bind = op.get_bind()
    docs = sa.table(
        'incoming_documents', sa.column('id', sa.Integer), sa.column('issuer_name', sa.String),
        sa.column('issuer_code', sa.String), sa.column('code_number', sa.String), sa.column('code_notation', sa.String),
        sa.column('signer_name', sa.String), sa.column('notes', sa.Text), sa.column('arrival_number', sa.Integer),
        sa.column('year', sa.Integer), sa.column('search_text', sa.Text),
    )
    # The subject is the work item's title since the work core (e1a0c0de0001).
    items = sa.table('work_items', sa.column('id', sa.Integer), sa.column('title', sa.String))
    rows = bind.execute(sa.select(docs, items.c.title.label('subject')).join(items, items.c.id == docs.c.id)).mappings().all()
    for row in rows:
        number, notation = row['code_number'] or '', row['code_notation'] or ''
        number_notation = f"{number}/{notation}" if number and notation else number or notation
        parts = [row['subject'], row['issuer_name'], row['issuer_code'] or '', number_notation, row['signer_name'],
                 row['notes'], f"{row['arrival_number']}/{row['year']}" if row['arrival_number'] else '']
        bind.execute(docs.update().where(docs.c.id == row['id']).values(search_text=_fold(" ".join(p for p in parts if p))))


def downgrade():
    with op.batch_alter_table('incoming_documents', schema=None) as batch_op:
        batch_op.drop_column('search_text')
