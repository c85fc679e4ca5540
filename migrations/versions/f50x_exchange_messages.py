"""Exchange outbox/inbox: edXML packages sent to or received from other agencies.

Revision ID: f50x_exchange_messages
Revises: f40o_outgoing_documents
Create Date: 2026-12-03 10:40:00
"""
from alembic import op
import sqlalchemy as sa

import eoffice.db

revision = 'f50x_exchange_messages'
down_revision = 'f40o_outgoing_documents'
branch_labels = None
depends_on = None

UTC = eoffice.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'exchange_messages',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('direction', sa.String(3), nullable=False),
        sa.Column('kind', sa.String(10), nullable=False),
        sa.Column('status_code', sa.String(2), nullable=False),
        sa.Column('organ_id', sa.String(35), nullable=False),
        sa.Column('organ_name', sa.String(300), nullable=False),
        sa.Column('document_id', sa.String(100), nullable=False),
        sa.Column('business', sa.Integer(), nullable=False),
        sa.Column('work_item_id', sa.Integer(), sa.ForeignKey('work_items.id', name='fk_exchange_messages_work_item_id_work_items'), nullable=True),
        sa.Column('status', sa.String(10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('available_at', UTC, nullable=False),
        sa.Column('created_at', UTC, nullable=False),
        sa.Column('sent_at', UTC, nullable=True),
        sa.Column('platform_id', sa.String(100), nullable=False),
        sa.Column('stored_file_id', sa.Integer(), sa.ForeignKey('stored_files.id', name='fk_exchange_messages_stored_file_id_stored_files'), nullable=True),
        sa.UniqueConstraint('direction', 'kind', 'organ_id', 'document_id', 'business', 'status_code', name='one_package_per_business'),
    )
    op.create_index('ix_exchange_messages_organ_id', 'exchange_messages', ['organ_id'])
    op.create_index('ix_exchange_messages_work_item_id', 'exchange_messages', ['work_item_id'])
    op.create_index('ix_exchange_messages_status', 'exchange_messages', ['status'])
    op.create_index('ix_exchange_messages_stored_file_id', 'exchange_messages', ['stored_file_id'])


def downgrade() -> None:
    op.drop_table('exchange_messages')
