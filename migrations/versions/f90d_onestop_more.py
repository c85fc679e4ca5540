"""One-stop: failed public lookups kept in the database, so every app process shares the
throttle against enumerating dossier codes (it was a per-process memory).

Revision ID: f90d_onestop_more
Revises: f76s_list_search_i_y
Create Date: 2026-12-04 03:15:00
"""
from alembic import op
import sqlalchemy as sa

import eoffice.db

revision = 'f90d_onestop_more'
down_revision = 'f76s_list_search_i_y'
branch_labels = None
depends_on = None

UTC = eoffice.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('lookup_failures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('at', UTC, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lookup_failures')),
    )
    with op.batch_alter_table('lookup_failures') as batch_op:
        batch_op.create_index('ix_lookup_failures_address_at', ['address', 'at'], unique=False)


def downgrade() -> None:
    op.drop_table('lookup_failures')
