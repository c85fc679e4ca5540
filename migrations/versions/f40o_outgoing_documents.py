"""Outgoing documents (văn bản đi) as a kind of work: drafts keyed by work_items.id, their
recipients, approval chains per document type and unit, outside organisations with their
edXML codes, and the outgoing register's counters (one row per agency, year and series).

Revision ID: f40o_outgoing_documents
Revises: f30v_trust_store
Create Date: 2026-12-03 09:30:00
"""
from alembic import op
import sqlalchemy as sa

import eoffice.db

revision = 'f40o_outgoing_documents'
down_revision = 'f30v_trust_store'
branch_labels = None
depends_on = None

UTC = eoffice.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('external_organisations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=35), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.Column('created_at', UTC, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_external_organisations')),
        sa.UniqueConstraint('code', name=op.f('uq_external_organisations_code')),
    )
    op.create_table('approval_chains',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('doc_type', sa.String(length=20), nullable=True),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('steps', sa.JSON(), nullable=False),
        sa.Column('created_at', UTC, nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_approval_chains_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_chains')),
        sa.UniqueConstraint('doc_type', 'unit_id', name='uq_approval_chains_type_unit'),
    )
    op.create_table('outgoing_counters',
        sa.Column('agency_unit_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('confidential', sa.Boolean(), nullable=False),
        sa.Column('last_number', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['agency_unit_id'], ['units.id'], name=op.f('fk_outgoing_counters_agency_unit_id_units')),
        sa.PrimaryKeyConstraint('agency_unit_id', 'year', 'confidential', name=op.f('pk_outgoing_counters')),
    )
    op.create_table('outgoing_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('doc_type', sa.String(length=20), nullable=False),
        sa.Column('urgency', sa.Integer(), nullable=False),
        sa.Column('drafter_id', sa.Integer(), nullable=False),
        sa.Column('signer_id', sa.Integer(), nullable=True),
        sa.Column('authority', sa.String(length=10), nullable=False),
        sa.Column('agency_unit_id', sa.Integer(), nullable=False),
        sa.Column('answers_incoming_id', sa.Integer(), nullable=True),
        sa.Column('chain', sa.JSON(), nullable=False),
        sa.Column('step', sa.Integer(), nullable=False),
        sa.Column('current_version_id', sa.Integer(), nullable=True),
        sa.Column('approved_version_id', sa.Integer(), nullable=True),
        sa.Column('approved_sha256', sa.String(length=64), nullable=False),
        sa.Column('signed_file_id', sa.Integer(), nullable=True),
        sa.Column('register_year', sa.Integer(), nullable=True),
        sa.Column('confidential_series', sa.Boolean(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=True),
        sa.Column('notation', sa.String(length=60), nullable=False),
        sa.Column('issued_at', UTC, nullable=True),
        sa.Column('issued_by_id', sa.Integer(), nullable=True),
        sa.Column('recall_reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['id'], ['work_items.id'], name=op.f('fk_outgoing_documents_id_work_items')),
        sa.ForeignKeyConstraint(['drafter_id'], ['users.id'], name=op.f('fk_outgoing_documents_drafter_id_users')),
        sa.ForeignKeyConstraint(['signer_id'], ['users.id'], name=op.f('fk_outgoing_documents_signer_id_users')),
        sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_outgoing_documents_issued_by_id_users')),
        sa.ForeignKeyConstraint(['agency_unit_id'], ['units.id'], name=op.f('fk_outgoing_documents_agency_unit_id_units')),
        sa.ForeignKeyConstraint(['answers_incoming_id'], ['incoming_documents.id'],
                                name=op.f('fk_outgoing_documents_answers_incoming_id_incoming_documents')),
        sa.ForeignKeyConstraint(['current_version_id'], ['work_files.id'],
                                name=op.f('fk_outgoing_documents_current_version_id_work_files')),
        sa.ForeignKeyConstraint(['approved_version_id'], ['work_files.id'],
                                name=op.f('fk_outgoing_documents_approved_version_id_work_files')),
        sa.ForeignKeyConstraint(['signed_file_id'], ['work_files.id'],
                                name=op.f('fk_outgoing_documents_signed_file_id_work_files')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_documents')),
        # One number per agency, year and series: the database refuses a duplicate even if the
        # counter were bypassed.
        sa.UniqueConstraint('agency_unit_id', 'register_year', 'confidential_series', 'number',
                            name='uq_outgoing_documents_number'),
    )
    with op.batch_alter_table('outgoing_documents') as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_documents_agency_unit_id'), ['agency_unit_id'], unique=False)
    op.create_table('outgoing_recipients',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('outgoing_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('delivery_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['outgoing_id'], ['outgoing_documents.id'],
                                name=op.f('fk_outgoing_recipients_outgoing_id_outgoing_documents')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_outgoing_recipients_unit_id_units')),
        sa.ForeignKeyConstraint(['organisation_id'], ['external_organisations.id'],
                                name=op.f('fk_outgoing_recipients_organisation_id_external_organisations')),
        sa.ForeignKeyConstraint(['delivery_id'], ['incoming_deliveries.id'],
                                name=op.f('fk_outgoing_recipients_delivery_id_incoming_deliveries')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_recipients')),
    )
    with op.batch_alter_table('outgoing_recipients') as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_recipients_outgoing_id'), ['outgoing_id'], unique=False)


def downgrade() -> None:
    op.drop_table('outgoing_recipients')
    op.drop_table('outgoing_documents')
    op.drop_table('outgoing_counters')
    op.drop_table('approval_chains')
    op.drop_table('external_organisations')
