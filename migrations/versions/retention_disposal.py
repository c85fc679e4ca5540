"""Archive retention and disposal: lists of dossiers proposed for destruction when their
retention ends (approved or refused by the leader, executed with a destruction record), and
the destroyed dossier's date and executor.

Revision ID: retention_disposal
Revises: g11m_meeting_schedule
Create Date: 2026-12-08 00:40:00
"""
from alembic import op
import sqlalchemy as sa

import eoffice.db

revision = 'retention_disposal'
down_revision = 'g11m_meeting_schedule'
branch_labels = None
depends_on = None

UTC = eoffice.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('archive_disposal_lists',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('proposed_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', UTC, nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('executed_by_id', sa.Integer(), nullable=True),
        sa.Column('executed_at', UTC, nullable=True),
        sa.Column('record_id', sa.Integer(), nullable=True),
        sa.Column('summary', sa.JSON(), nullable=False),
        sa.Column('created_at', UTC, nullable=False),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_archive_disposal_lists_decided_by_id_users')),
        sa.ForeignKeyConstraint(['executed_by_id'], ['users.id'], name=op.f('fk_archive_disposal_lists_executed_by_id_users')),
        sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_archive_disposal_lists_proposed_by_id_users')),
        sa.ForeignKeyConstraint(['record_id'], ['stored_files.id'], name=op.f('fk_archive_disposal_lists_record_id_stored_files')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_archive_disposal_lists')),
    )
    with op.batch_alter_table('archive_disposal_lists') as batch_op:
        batch_op.create_index(batch_op.f('ix_archive_disposal_lists_status'), ['status'], unique=False)
    op.create_table('archive_disposal_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('disposal_id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['disposal_id'], ['archive_disposal_lists.id'],
                                name=op.f('fk_archive_disposal_items_disposal_id_archive_disposal_lists')),
        sa.ForeignKeyConstraint(['dossier_id'], ['archive_dossiers.id'],
                                name=op.f('fk_archive_disposal_items_dossier_id_archive_dossiers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_archive_disposal_items')),
        sa.UniqueConstraint('disposal_id', 'dossier_id', name='uq_archive_disposal_items_dossier'),
    )
    with op.batch_alter_table('archive_disposal_items') as batch_op:
        batch_op.create_index(batch_op.f('ix_archive_disposal_items_disposal_id'), ['disposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_archive_disposal_items_dossier_id'), ['dossier_id'], unique=False)
    with op.batch_alter_table('archive_dossiers') as batch_op:
        batch_op.add_column(sa.Column('destroyed_at', UTC, nullable=True))
        batch_op.add_column(sa.Column('destroyed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_archive_dossiers_destroyed_by_id_users'), 'users',
                                    ['destroyed_by_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('archive_dossiers') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_archive_dossiers_destroyed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('destroyed_by_id')
        batch_op.drop_column('destroyed_at')
    op.drop_table('archive_disposal_items')
    op.drop_table('archive_disposal_lists')
