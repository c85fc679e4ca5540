"""Several workers at once: an outbox event is claimed by one worker for a lease (a killed
worker's claims run out and another takes them), and each periodic job's last start is kept
in the database so it runs once per period across all workers.

Revision ID: f75o_outbox_claims
Revises: f70d_onestop
Create Date: 2026-12-04 03:30:00
"""
from alembic import op
import sqlalchemy as sa

import eoffice.db

revision = 'f75o_outbox_claims'
down_revision = 'f70d_onestop'
branch_labels = None
depends_on = None

UTC = eoffice.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table('outbox_events') as batch:
        batch.add_column(sa.Column('claimed_by', sa.String(length=80), nullable=True))
        batch.add_column(sa.Column('claimed_until', UTC, nullable=True))
    op.create_table('periodic_job_runs',
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('last_started_at', UTC, nullable=False),
        sa.Column('last_worker', sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_periodic_job_runs')),
    )


def downgrade() -> None:
    op.drop_table('periodic_job_runs')
    with op.batch_alter_table('outbox_events') as batch:
        batch.drop_column('claimed_until')
        batch.drop_column('claimed_by')
