"""The archive: the yearly dossier catalogue and its lines, work dossiers and the documents
filed in them (both keyed by work_items.id), digitisation batches and their scans.

Revision ID: f95a_archive
Revises: f80t_task_counts
Create Date: 2026-12-04 03:30:00
"""
from alembic import op
import sqlalchemy as sa

import eoffice.db

revision = 'f95a_archive'
down_revision = 'f80t_task_counts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('archive_catalogues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', eoffice.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('copied_from_id', sa.Integer(), nullable=True),
    sa.Column('created_at', eoffice.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_archive_catalogues_approved_by_id_users')),
    sa.ForeignKeyConstraint(['copied_from_id'], ['archive_catalogues.id'], name=op.f('fk_archive_catalogues_copied_from_id_archive_catalogues')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_archive_catalogues_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_archive_catalogues')),
    sa.UniqueConstraint('year', name=op.f('uq_archive_catalogues_year'))
    )
    op.create_table('archive_import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=500), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('finished_at', eoffice.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', eoffice.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_archive_import_batches_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_archive_import_batches'))
    )
    op.create_table('archive_catalogue_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('catalogue_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('retention_years', sa.Integer(), nullable=True),
    sa.Column('owner_unit_id', sa.Integer(), nullable=False),
    sa.Column('owner_user_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['catalogue_id'], ['archive_catalogues.id'], name=op.f('fk_archive_catalogue_entries_catalogue_id_archive_catalogues')),
    sa.ForeignKeyConstraint(['owner_unit_id'], ['units.id'], name=op.f('fk_archive_catalogue_entries_owner_unit_id_units')),
    sa.ForeignKeyConstraint(['owner_user_id'], ['users.id'], name=op.f('fk_archive_catalogue_entries_owner_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_archive_catalogue_entries')),
    sa.UniqueConstraint('catalogue_id', 'code', name='uq_archive_catalogue_entries_code')
    )
    op.create_index(op.f('ix_archive_catalogue_entries_catalogue_id'), 'archive_catalogue_entries', ['catalogue_id'], unique=False)
    op.create_index(op.f('ix_archive_catalogue_entries_owner_unit_id'), 'archive_catalogue_entries', ['owner_unit_id'], unique=False)
    op.create_table('archive_dossiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('retention_years', sa.Integer(), nullable=True),
    sa.Column('handler_id', sa.Integer(), nullable=False),
    sa.Column('access_regime', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=50), nullable=False),
    sa.Column('keywords', sa.String(length=500), nullable=False),
    sa.Column('physical_state', sa.String(length=100), nullable=False),
    sa.Column('paper_code', sa.String(length=60), nullable=False),
    sa.Column('sheet_count', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('last_ordinal', sa.Integer(), nullable=False),
    sa.Column('transfer_due', sa.Date(), nullable=True),
    sa.Column('transfer_alerted_at', eoffice.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('transferred_at', eoffice.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('transferred_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['entry_id'], ['archive_catalogue_entries.id'], name=op.f('fk_archive_dossiers_entry_id_archive_catalogue_entries')),
    sa.ForeignKeyConstraint(['handler_id'], ['users.id'], name=op.f('fk_archive_dossiers_handler_id_users')),
    sa.ForeignKeyConstraint(['id'], ['work_items.id'], name=op.f('fk_archive_dossiers_id_work_items')),
    sa.ForeignKeyConstraint(['transferred_by_id'], ['users.id'], name=op.f('fk_archive_dossiers_transferred_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_archive_dossiers')),
    sa.UniqueConstraint('code', name=op.f('uq_archive_dossiers_code'))
    )
    op.create_index(op.f('ix_archive_dossiers_entry_id'), 'archive_dossiers', ['entry_id'], unique=False)
    op.create_index(op.f('ix_archive_dossiers_handler_id'), 'archive_dossiers', ['handler_id'], unique=False)
    op.create_index(op.f('ix_archive_dossiers_transfer_due'), 'archive_dossiers', ['transfer_due'], unique=False)
    op.create_table('archive_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('archive_code', sa.String(length=80), nullable=False),
    sa.Column('source_item_id', sa.Integer(), nullable=True),
    sa.Column('source_kind', sa.String(length=30), nullable=False),
    sa.Column('doc_type', sa.String(length=100), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('notation', sa.String(length=100), nullable=False),
    sa.Column('issued_date', sa.Date(), nullable=True),
    sa.Column('issuer', sa.String(length=300), nullable=False),
    sa.Column('language', sa.String(length=50), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=True),
    sa.Column('keywords', sa.String(length=500), nullable=False),
    sa.Column('access_regime', sa.Integer(), nullable=False),
    sa.Column('reliability', sa.Integer(), nullable=False),
    sa.Column('handwriting', sa.String(length=200), nullable=False),
    sa.Column('physical_state', sa.String(length=100), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('ocr_text', sa.Text(), nullable=False),
    sa.Column('filed_by_id', sa.Integer(), nullable=False),
    sa.Column('filed_at', eoffice.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['archive_dossiers.id'], name=op.f('fk_archive_documents_dossier_id_archive_dossiers')),
    sa.ForeignKeyConstraint(['filed_by_id'], ['users.id'], name=op.f('fk_archive_documents_filed_by_id_users')),
    sa.ForeignKeyConstraint(['id'], ['work_items.id'], name=op.f('fk_archive_documents_id_work_items')),
    sa.ForeignKeyConstraint(['source_item_id'], ['work_items.id'], name=op.f('fk_archive_documents_source_item_id_work_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_archive_documents')),
    sa.UniqueConstraint('archive_code', name=op.f('uq_archive_documents_archive_code')),
    sa.UniqueConstraint('dossier_id', 'ordinal', name='uq_archive_documents_ordinal'),
    sa.UniqueConstraint('dossier_id', 'source_item_id', name='uq_archive_documents_source')
    )
    op.create_index(op.f('ix_archive_documents_dossier_id'), 'archive_documents', ['dossier_id'], unique=False)
    op.create_index(op.f('ix_archive_documents_source_item_id'), 'archive_documents', ['source_item_id'], unique=False)
    op.create_table('archive_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('original_id', sa.Integer(), nullable=True),
    sa.Column('searchable_id', sa.Integer(), nullable=True),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('page_count', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('suggestions', sa.JSON(), nullable=False),
    sa.Column('ocr_seconds', sa.Double(), nullable=True),
    sa.Column('filed_document_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['archive_import_batches.id'], name=op.f('fk_archive_scans_batch_id_archive_import_batches')),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['archive_scans.id'], name=op.f('fk_archive_scans_duplicate_of_id_archive_scans')),
    sa.ForeignKeyConstraint(['filed_document_id'], ['archive_documents.id'], name=op.f('fk_archive_scans_filed_document_id_archive_documents')),
    sa.ForeignKeyConstraint(['original_id'], ['stored_files.id'], name=op.f('fk_archive_scans_original_id_stored_files')),
    sa.ForeignKeyConstraint(['searchable_id'], ['stored_files.id'], name=op.f('fk_archive_scans_searchable_id_stored_files')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_archive_scans'))
    )
    op.create_index(op.f('ix_archive_scans_batch_id'), 'archive_scans', ['batch_id'], unique=False)
    op.create_index(op.f('ix_archive_scans_sha256'), 'archive_scans', ['sha256'], unique=False)
    op.create_index(op.f('ix_archive_scans_status'), 'archive_scans', ['status'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_archive_scans_status'), table_name='archive_scans')
    op.drop_index(op.f('ix_archive_scans_sha256'), table_name='archive_scans')
    op.drop_index(op.f('ix_archive_scans_batch_id'), table_name='archive_scans')
    op.drop_table('archive_scans')
    op.drop_index(op.f('ix_archive_documents_source_item_id'), table_name='archive_documents')
    op.drop_index(op.f('ix_archive_documents_dossier_id'), table_name='archive_documents')
    op.drop_table('archive_documents')
    op.drop_index(op.f('ix_archive_dossiers_transfer_due'), table_name='archive_dossiers')
    op.drop_index(op.f('ix_archive_dossiers_handler_id'), table_name='archive_dossiers')
    op.drop_index(op.f('ix_archive_dossiers_entry_id'), table_name='archive_dossiers')
    op.drop_table('archive_dossiers')
    op.drop_index(op.f('ix_archive_catalogue_entries_owner_unit_id'), table_name='archive_catalogue_entries')
    op.drop_index(op.f('ix_archive_catalogue_entries_catalogue_id'), table_name='archive_catalogue_entries')
    op.drop_table('archive_catalogue_entries')
    op.drop_table('archive_import_batches')
    op.drop_table('archive_catalogues')
