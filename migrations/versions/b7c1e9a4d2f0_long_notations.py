"""Longer số and ký hiệu: joint circulars name many agencies
(02/2018/TTLT-VKSTC-TATC-BCA-BQP-BTC-BNN&PTNT is 44 characters; 30 refused it).

Revision ID: b7c1e9a4d2f0
Revises: e1a0c0de0001
Create Date: 2026-12-02 16:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b7c1e9a4d2f0'
down_revision = 'e1a0c0de0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('incoming_documents', schema=None) as batch_op:
        batch_op.alter_column('code_number', existing_type=sa.String(length=11), type_=sa.String(length=20),
                              existing_nullable=False)
        batch_op.alter_column('code_notation', existing_type=sa.String(length=30), type_=sa.String(length=100),
                              existing_nullable=False)


def downgrade():
    # Refuses (on PostgreSQL) if a longer value was stored since: shorten or delete it first.
    with op.batch_alter_table('incoming_documents', schema=None) as batch_op:
        batch_op.alter_column('code_notation', existing_type=sa.String(length=100), type_=sa.String(length=30),
                              existing_nullable=False)
        batch_op.alter_column('code_number', existing_type=sa.String(length=20), type_=sa.String(length=11),
                              existing_nullable=False)
