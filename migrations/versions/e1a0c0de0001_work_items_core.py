"""The shared work core: work_items, with incoming documents as the first kind; assignments,
history events, files and readers re-keyed from incoming_documents.id to work_items.id.

Incoming documents keep their ids (each becomes the work item with the same id), so links and
search entries stay valid.

Revision ID: e1a0c0de0001
Revises: d346b94692d0
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

import eoffice.db

revision = 'e1a0c0de0001'
down_revision = 'd346b94692d0'
branch_labels = None
depends_on = None

UTC = eoffice.db.UTCDateTime(timezone=True)


def upgrade():
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"

    op.create_table('work_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('title', sa.String(length=500), nullable=False),
        sa.Column('owner_unit_id', sa.Integer(), nullable=True),
        sa.Column('secrecy', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('deadline', UTC, nullable=True),
        sa.Column('closed_at', UTC, nullable=True),
        sa.Column('created_at', UTC, nullable=False),
        sa.ForeignKeyConstraint(['owner_unit_id'], ['units.id'], name=op.f('fk_work_items_owner_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_work_items')),
    )
    with op.batch_alter_table('work_items') as batch_op:
        batch_op.create_index(batch_op.f('ix_work_items_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_items_owner_unit_id'), ['owner_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_items_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_items_deadline'), ['deadline'], unique=False)
    op.execute(
        "INSERT INTO work_items (id, kind, title, owner_unit_id, secrecy, status, deadline, closed_at, created_at) "
        "SELECT d.id, 'incoming', d.subject, r.unit_id, d.secrecy, d.status, d.deadline, d.closed_at, d.created_at "
        "FROM incoming_documents d JOIN incoming_registers r ON r.id = d.register_id"
    )
    if postgres:
        op.execute("SELECT setval(pg_get_serial_sequence('work_items', 'id'), COALESCE((SELECT MAX(id) FROM work_items), 0) + 1, false)")

    op.create_table('work_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('work_item_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('backend', sa.String(length=20), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content_type', sa.String(length=120), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('page_count', sa.Integer(), nullable=True),
        sa.Column('signatures', sa.JSON(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
        sa.Column('uploaded_at', UTC, nullable=False),
        sa.ForeignKeyConstraint(['work_item_id'], ['work_items.id'], name=op.f('fk_work_files_work_item_id_work_items')),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_work_files_uploaded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_work_files')),
    )
    with op.batch_alter_table('work_files') as batch_op:
        batch_op.create_index(batch_op.f('ix_work_files_work_item_id'), ['work_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_files_sha256'), ['sha256'], unique=False)
    # Files stored before this migration were written to the backend the office ran then; the
    # column says "file" (the embedded default) unless the office ran on MinIO, which
    # `eoffice storage verify` confirms either way.
    op.execute(
        "INSERT INTO work_files (id, work_item_id, role, sha256, backend, filename, content_type, size, page_count, "
        "signatures, uploaded_by_id, uploaded_at) SELECT id, document_id, role, sha256, 'file', filename, content_type, "
        "size, page_count, signatures, uploaded_by_id, uploaded_at FROM document_files"
    )
    if postgres:
        op.execute("SELECT setval(pg_get_serial_sequence('work_files', 'id'), COALESCE((SELECT MAX(id) FROM work_files), 0) + 1, false)")

    op.create_table('work_readers',
        sa.Column('work_item_id', sa.Integer(), nullable=False),
        sa.Column('principal', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['work_item_id'], ['work_items.id'], name=op.f('fk_work_readers_work_item_id_work_items')),
        sa.PrimaryKeyConstraint('work_item_id', 'principal', name=op.f('pk_work_readers')),
    )
    with op.batch_alter_table('work_readers') as batch_op:
        batch_op.create_index(batch_op.f('ix_work_readers_principal'), ['principal'], unique=False)
    op.execute("INSERT INTO work_readers (work_item_id, principal) SELECT document_id, principal FROM document_readers")

    with op.batch_alter_table('assignments') as batch_op:
        batch_op.drop_index('ix_assignments_document_id')
        batch_op.drop_constraint('fk_assignments_document_id_incoming_documents', type_='foreignkey')
        batch_op.alter_column('document_id', new_column_name='work_item_id', existing_type=sa.Integer(), existing_nullable=False)
    with op.batch_alter_table('assignments') as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_assignments_work_item_id_work_items'), 'work_items', ['work_item_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_assignments_work_item_id'), ['work_item_id'], unique=False)

    op.create_table('work_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('work_item_id', sa.Integer(), nullable=False),
        sa.Column('assignment_id', sa.Integer(), nullable=True),
        sa.Column('at', UTC, nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_name', sa.String(length=120), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('file_id', sa.Integer(), nullable=True),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_work_events_actor_id_users')),
        sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_work_events_assignment_id_assignments')),
        sa.ForeignKeyConstraint(['work_item_id'], ['work_items.id'], name=op.f('fk_work_events_work_item_id_work_items')),
        sa.ForeignKeyConstraint(['file_id'], ['work_files.id'], name=op.f('fk_work_events_file_id_work_files')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_work_events')),
    )
    with op.batch_alter_table('work_events') as batch_op:
        batch_op.create_index(batch_op.f('ix_work_events_work_item_id'), ['work_item_id'], unique=False)
    op.execute(
        "INSERT INTO work_events (id, work_item_id, assignment_id, at, actor_id, actor_name, kind, text, file_id, data) "
        "SELECT id, document_id, assignment_id, at, actor_id, actor_name, kind, text, file_id, data FROM processing_events"
    )
    if postgres:
        op.execute("SELECT setval(pg_get_serial_sequence('work_events', 'id'), COALESCE((SELECT MAX(id) FROM work_events), 0) + 1, false)")

    op.drop_table('processing_events')
    op.drop_table('document_readers')
    op.drop_table('document_files')

    with op.batch_alter_table('incoming_documents') as batch_op:
        batch_op.drop_index('ix_incoming_documents_deadline')
        batch_op.drop_index('ix_incoming_documents_status')
        for column in ('subject', 'secrecy', 'status', 'deadline', 'closed_at', 'created_at'):
            batch_op.drop_column(column)
        batch_op.create_foreign_key(batch_op.f('fk_incoming_documents_id_work_items'), 'work_items', ['id'], ['id'])
    if postgres:
        # The id now comes from work_items; the old sequence would hand out ids of nothing.
        op.execute("ALTER TABLE incoming_documents ALTER COLUMN id DROP DEFAULT")
        op.execute("DROP SEQUENCE IF EXISTS incoming_documents_id_seq")


def downgrade():
    raise NotImplementedError(
        "The work core cannot be taken apart automatically; restore the database backup taken before the upgrade."
    )
