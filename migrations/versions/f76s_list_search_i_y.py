"""The incoming lists' folded search column writes the y of "quy"/"ký"-like syllables as i, as
the search index now does (`search.vietnamese.same_i_y`): "quy định" finds "QUI ĐỊNH" in a
queue too. The stored values are already folded, so the rule applies to them directly.

Revision ID: f76s_list_search_i_y
Revises: f75o_outbox_claims
Create Date: 2026-12-04 04:05:00
"""
from alembic import op
import sqlalchemy as sa

from search.vietnamese import same_i_y

revision = 'f76s_list_search_i_y'
down_revision = 'f75o_outbox_claims'
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    connection = op.get_bind()
    documents = sa.table('incoming_documents', sa.column('id', sa.Integer), sa.column('search_text', sa.Text))
    last = 0
    while True:
        rows = connection.execute(
            sa.select(documents.c.id, documents.c.search_text).where(documents.c.id > last).order_by(documents.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        for row in rows:
            rewritten = same_i_y(row.search_text or "")
            if rewritten != row.search_text:
                connection.execute(documents.update().where(documents.c.id == row.id).values(search_text=rewritten))
        last = rows[-1].id


def downgrade() -> None:
    pass  # the old column found fewer documents; nothing needs undoing
