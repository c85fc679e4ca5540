"""One-stop: citizen accounts on the public side (by phone or e-mail, verified by a one-time
code), their one-time codes and sessions, and the dossier's link to the account it was
submitted from.

Revision ID: g10c_citizen_accounts
Revises: retention_disposal
Create Date: 2026-12-08 00:30:00
"""
from alembic import op
import sqlalchemy as sa

import eoffice.db

revision = 'g10c_citizen_accounts'
down_revision = 'retention_disposal'
branch_labels = None
depends_on = None

UTC = eoffice.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('citizen_accounts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=True),
        sa.Column('email', sa.String(length=200), nullable=True),
        sa.Column('password_hash', sa.String(length=200), nullable=False),
        sa.Column('verified_at', UTC, nullable=True),
        sa.Column('password_changed_at', UTC, nullable=False),
        sa.Column('created_at', UTC, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_accounts')),
        sa.UniqueConstraint('phone', name=op.f('uq_citizen_accounts_phone')),
        sa.UniqueConstraint('email', name=op.f('uq_citizen_accounts_email')),
    )
    op.create_table('citizen_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('purpose', sa.String(length=10), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('sent_at', UTC, nullable=False),
        sa.Column('expires_at', UTC, nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('used_at', UTC, nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['citizen_accounts.id'], name=op.f('fk_citizen_codes_account_id_citizen_accounts')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_codes')),
    )
    op.create_table('citizen_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTC, nullable=False),
        sa.Column('expires_at', UTC, nullable=False),
        sa.Column('ended_at', UTC, nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['citizen_accounts.id'], name=op.f('fk_citizen_sessions_account_id_citizen_accounts')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_sessions')),
        sa.UniqueConstraint('secret_hash', name=op.f('uq_citizen_sessions_secret_hash')),
    )
    with op.batch_alter_table('citizen_codes') as batch_op:
        batch_op.create_index(batch_op.f('ix_citizen_codes_account_id'), ['account_id'], unique=False)
    with op.batch_alter_table('citizen_sessions') as batch_op:
        batch_op.create_index(batch_op.f('ix_citizen_sessions_account_id'), ['account_id'], unique=False)
    with op.batch_alter_table('dossiers') as batch_op:
        batch_op.add_column(sa.Column('citizen_account_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_dossiers_citizen_account_id_citizen_accounts'), 'citizen_accounts',
                                    ['citizen_account_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_dossiers_citizen_account_id'), ['citizen_account_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dossiers') as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossiers_citizen_account_id'))
        batch_op.drop_constraint(batch_op.f('fk_dossiers_citizen_account_id_citizen_accounts'), type_='foreignkey')
        batch_op.drop_column('citizen_account_id')
    op.drop_table('citizen_sessions')
    op.drop_table('citizen_codes')
    op.drop_table('citizen_accounts')
