"""One-stop dossiers: the procedure catalogue, dossiers keyed by work_items.id, their daily
code counters per agency, clock events, satisfaction ratings and notices to citizens.

Revision ID: f70d_onestop
Revises: f60t_tasks
Create Date: 2026-12-03 13:00:00
"""
from alembic import op
import sqlalchemy as sa

import eoffice.db

revision = 'f70d_onestop'
down_revision = 'f60t_tasks'
branch_labels = None
depends_on = None

UTC = eoffice.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('procedures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=50), nullable=False),
        sa.Column('name', sa.String(length=500), nullable=False),
        sa.Column('field', sa.String(length=200), nullable=False),
        sa.Column('level', sa.String(length=50), nullable=False),
        sa.Column('components', sa.JSON(), nullable=False),
        sa.Column('fee', sa.String(length=300), nullable=False),
        sa.Column('days', sa.Double(), nullable=False),
        sa.Column('calendar_days', sa.Boolean(), nullable=False),
        sa.Column('steps', sa.JSON(), nullable=False),
        sa.Column('result_form', sa.String(length=300), nullable=False),
        sa.Column('online', sa.String(length=20), nullable=False),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.Column('created_at', UTC, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_procedures')),
        sa.UniqueConstraint('code', name=op.f('uq_procedures_code')),
    )
    op.create_table('dossier_counters',
        sa.Column('agency_unit_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('last_number', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['agency_unit_id'], ['units.id'], name=op.f('fk_dossier_counters_agency_unit_id_units')),
        sa.PrimaryKeyConstraint('agency_unit_id', 'day', name=op.f('pk_dossier_counters')),
    )
    op.create_table('dossiers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('procedure_id', sa.Integer(), nullable=False),
        sa.Column('agency_unit_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('applicant_name', sa.String(length=200), nullable=False),
        sa.Column('applicant_id_number', sa.String(length=20), nullable=False),
        sa.Column('applicant_phone', sa.String(length=20), nullable=False),
        sa.Column('applicant_email', sa.String(length=200), nullable=False),
        sa.Column('applicant_address', sa.String(length=300), nullable=False),
        sa.Column('lookup_secret', sa.String(length=10), nullable=False),
        sa.Column('received_at', UTC, nullable=False),
        sa.Column('counted_from', UTC, nullable=False),
        sa.Column('received_by_id', sa.Integer(), nullable=True),
        sa.Column('components', sa.JSON(), nullable=False),
        sa.Column('step', sa.Integer(), nullable=False),
        sa.Column('original_due', UTC, nullable=True),
        sa.Column('apology_reason', sa.Text(), nullable=False),
        sa.Column('missing_items', sa.JSON(), nullable=False),
        sa.Column('refusal_reason', sa.Text(), nullable=False),
        sa.Column('result_note', sa.Text(), nullable=False),
        sa.Column('resolved_at', UTC, nullable=True),
        sa.ForeignKeyConstraint(['id'], ['work_items.id'], name=op.f('fk_dossiers_id_work_items')),
        sa.ForeignKeyConstraint(['procedure_id'], ['procedures.id'], name=op.f('fk_dossiers_procedure_id_procedures')),
        sa.ForeignKeyConstraint(['agency_unit_id'], ['units.id'], name=op.f('fk_dossiers_agency_unit_id_units')),
        sa.ForeignKeyConstraint(['received_by_id'], ['users.id'], name=op.f('fk_dossiers_received_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dossiers')),
        sa.UniqueConstraint('code', name=op.f('uq_dossiers_code')),
    )
    with op.batch_alter_table('dossiers') as batch_op:
        batch_op.create_index(batch_op.f('ix_dossiers_procedure_id'), ['procedure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossiers_agency_unit_id'), ['agency_unit_id'], unique=False)
    op.create_table('dossier_clock_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('at', UTC, nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_dossier_clock_events_dossier_id_dossiers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_clock_events')),
    )
    with op.batch_alter_table('dossier_clock_events') as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_clock_events_dossier_id'), ['dossier_id'], unique=False)
    op.create_table('dossier_ratings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('criterion', sa.String(length=30), nullable=False),
        sa.Column('value', sa.String(length=20), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('at', UTC, nullable=False),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_dossier_ratings_dossier_id_dossiers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_ratings')),
        sa.UniqueConstraint('dossier_id', 'criterion', name='uq_dossier_ratings_criterion'),
    )
    with op.batch_alter_table('dossier_ratings') as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_ratings_dossier_id'), ['dossier_id'], unique=False)
    op.create_table('citizen_notices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('address', sa.String(length=200), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('created_at', UTC, nullable=False),
        sa.Column('sent_at', UTC, nullable=True),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_citizen_notices_dossier_id_dossiers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_notices')),
    )
    with op.batch_alter_table('citizen_notices') as batch_op:
        batch_op.create_index(batch_op.f('ix_citizen_notices_dossier_id'), ['dossier_id'], unique=False)


def downgrade() -> None:
    op.drop_table('citizen_notices')
    op.drop_table('dossier_ratings')
    op.drop_table('dossier_clock_events')
    op.drop_table('dossiers')
    op.drop_table('dossier_counters')
    op.drop_table('procedures')
