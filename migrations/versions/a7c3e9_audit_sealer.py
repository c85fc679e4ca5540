"""audit: entries are appended without a lock and chained later by the sealer

Revision ID: a7c3e9_audit_sealer
Revises: a9e51c0f7b21
Create Date: 2026-12-02 16:00:00

seq, prev_hash and hash become NULL until the sealer chains the entry; content_hash is the
entry's own hash, written with it. Existing entries are already chained and stay as they are
(their chain hash covers their content), so verification of the old part is unchanged.
"""
from alembic import op
import sqlalchemy as sa


revision = 'a7c3e9_audit_sealer'
down_revision = 'a9e51c0f7b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_hash', sa.String(length=64), nullable=True))
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=True)


def downgrade():
    # Entries not yet sealed cannot satisfy NOT NULL; seal them (run the worker) first.
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('content_hash')
