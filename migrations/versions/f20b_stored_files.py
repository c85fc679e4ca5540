"""One stored-file model: stored_files holds the facts of every file; work items, staged uploads
and deliveries link to it.

Before: work_files, staged_uploads and a JSON list on incoming_deliveries each held their own
copy of a file's name, type, size and hash. After: one `stored_files` row per file, and
`work_files.stored_file_id`, `staged_uploads.stored_file_id` and the new
`incoming_delivery_files` table point at it. Work files keep their ids (history events refer
to them) and each becomes the stored file with the same id.

Revision ID: f20b_stored_files
Revises: f10a_incoming_search_text
Create Date: 2026-12-02 21:50:00
"""
from alembic import op
import sqlalchemy as sa

import eoffice.db

revision = 'f20b_stored_files'
down_revision = 'f10a_incoming_search_text'
branch_labels = None
depends_on = None

UTC = eoffice.db.UTCDateTime(timezone=True)

STORED = sa.table(
    'stored_files', sa.column('id', sa.Integer), sa.column('sha256', sa.String), sa.column('backend', sa.String),
    sa.column('filename', sa.String), sa.column('content_type', sa.String), sa.column('size', sa.BigInteger),
    sa.column('page_count', sa.Integer), sa.column('inspection', sa.JSON), sa.column('uploaded_by_id', sa.Integer),
    sa.column('uploaded_at', UTC),
)


# The old tables, typed, so their rows come back as Python values (dates, JSON) on both databases.
OLD_WORK_FILES = sa.table(
    'work_files', sa.column('id', sa.Integer), sa.column('sha256', sa.String), sa.column('backend', sa.String),
    sa.column('filename', sa.String), sa.column('content_type', sa.String), sa.column('size', sa.BigInteger),
    sa.column('page_count', sa.Integer), sa.column('signatures', sa.JSON), sa.column('uploaded_by_id', sa.Integer),
    sa.column('uploaded_at', UTC),
)
OLD_STAGED = sa.table(
    'staged_uploads', sa.column('id', sa.Integer), sa.column('sha256', sa.String), sa.column('filename', sa.String),
    sa.column('content_type', sa.String), sa.column('size', sa.BigInteger), sa.column('inspection', sa.JSON),
    sa.column('user_id', sa.Integer), sa.column('created_at', UTC),
)
OLD_DELIVERIES = sa.table(
    'incoming_deliveries', sa.column('id', sa.Integer), sa.column('files', sa.JSON), sa.column('delivered_by_id', sa.Integer),
    sa.column('received_at', UTC),
)


def _stored_file(row_id, sha256, backend, filename, content_type, size, page_count, inspection, uploaded_by_id, uploaded_at):
    return {"id": row_id, "sha256": sha256, "backend": backend, "filename": filename, "content_type": content_type,
            "size": size, "page_count": page_count, "inspection": inspection or {}, "uploaded_by_id": uploaded_by_id,
            "uploaded_at": uploaded_at}


def _insert(bind, rows):
    for start in range(0, len(rows), 500):
        bind.execute(STORED.insert(), rows[start:start + 500])


def upgrade():
    bind = op.get_bind()
    op.create_table('stored_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('backend', sa.String(length=20), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content_type', sa.String(length=120), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('page_count', sa.Integer(), nullable=True),
        sa.Column('inspection', sa.JSON(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('uploaded_at', UTC, nullable=False),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_stored_files_uploaded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_files')),
    )
    with op.batch_alter_table('stored_files') as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_files_sha256'), ['sha256'], unique=False)

    # Work files: the stored file gets the work file's id.
    work_files = bind.execute(sa.select(OLD_WORK_FILES).order_by(OLD_WORK_FILES.c.id)).all()
    _insert(bind, [_stored_file(r.id, r.sha256, r.backend, r.filename, r.content_type, r.size, r.page_count,
                                {"signatures": r.signatures or []}, r.uploaded_by_id, r.uploaded_at)
                   for r in work_files])
    next_id = (work_files[-1].id if work_files else 0) + 1

    # Staged uploads: new stored files after the work files'.
    staged = bind.execute(sa.select(OLD_STAGED).order_by(OLD_STAGED.c.id)).all()
    staged_links = {}
    rows = []
    for r in staged:
        inspection = r.inspection or {}
        rows.append(_stored_file(next_id, r.sha256, 'file', r.filename, r.content_type, r.size,
                                 inspection.get('page_count'), inspection, r.user_id, r.created_at))
        staged_links[r.id] = next_id
        next_id += 1
    _insert(bind, rows)

    # Deliveries: one stored file per entry of the JSON list, then a link row each.
    deliveries = bind.execute(sa.select(OLD_DELIVERIES).order_by(OLD_DELIVERIES.c.id)).all()
    delivery_links = []
    rows = []
    for d in deliveries:
        for position, f in enumerate(d.files or []):
            inspection = f.get('inspection') or {}
            rows.append(_stored_file(next_id, f['sha256'], 'file', f['filename'], f['content_type'], f['size'],
                                     inspection.get('page_count'), inspection, d.delivered_by_id, d.received_at))
            delivery_links.append({"delivery_id": d.id, "stored_file_id": next_id, "position": position})
            next_id += 1
    _insert(bind, rows)
    if bind.dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('stored_files', 'id'), COALESCE((SELECT MAX(id) FROM stored_files), 0) + 1, false)")

    with op.batch_alter_table('work_files') as batch_op:
        batch_op.add_column(sa.Column('stored_file_id', sa.Integer(), nullable=True))
    op.execute("UPDATE work_files SET stored_file_id = id")
    with op.batch_alter_table('work_files') as batch_op:
        batch_op.alter_column('stored_file_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_work_files_stored_file_id_stored_files'), 'stored_files', ['stored_file_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_work_files_stored_file_id'), ['stored_file_id'], unique=False)
        batch_op.drop_index(batch_op.f('ix_work_files_sha256'))
        # The foreign key to users keeps its old name: renaming a constraint is not portable.
        batch_op.alter_column('uploaded_by_id', new_column_name='added_by_id', existing_type=sa.Integer(), existing_nullable=False)
        batch_op.alter_column('uploaded_at', new_column_name='added_at', existing_type=sa.DateTime(timezone=True), existing_nullable=False)
        for column in ('sha256', 'backend', 'filename', 'content_type', 'size', 'page_count', 'signatures'):
            batch_op.drop_column(column)

    with op.batch_alter_table('staged_uploads') as batch_op:
        batch_op.add_column(sa.Column('stored_file_id', sa.Integer(), nullable=True))
    for staged_id, stored_id in staged_links.items():
        bind.execute(sa.text("UPDATE staged_uploads SET stored_file_id = :s WHERE id = :i"), {"s": stored_id, "i": staged_id})
    with op.batch_alter_table('staged_uploads') as batch_op:
        batch_op.alter_column('stored_file_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_staged_uploads_stored_file_id_stored_files'), 'stored_files', ['stored_file_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_staged_uploads_stored_file_id'), ['stored_file_id'], unique=False)
        for column in ('sha256', 'filename', 'content_type', 'size', 'inspection'):
            batch_op.drop_column(column)

    op.create_table('incoming_delivery_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delivery_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('stored_file_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['delivery_id'], ['incoming_deliveries.id'], name=op.f('fk_incoming_delivery_files_delivery_id_incoming_deliveries')),
        sa.ForeignKeyConstraint(['stored_file_id'], ['stored_files.id'], name=op.f('fk_incoming_delivery_files_stored_file_id_stored_files')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_incoming_delivery_files')),
    )
    with op.batch_alter_table('incoming_delivery_files') as batch_op:
        batch_op.create_index(batch_op.f('ix_incoming_delivery_files_delivery_id'), ['delivery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incoming_delivery_files_stored_file_id'), ['stored_file_id'], unique=False)
    if delivery_links:
        op.bulk_insert(sa.table('incoming_delivery_files', sa.column('delivery_id', sa.Integer),
                                sa.column('stored_file_id', sa.Integer), sa.column('position', sa.Integer)), delivery_links)
    with op.batch_alter_table('incoming_deliveries') as batch_op:
        batch_op.drop_column('files')


def downgrade():
    bind = op.get_bind()
    with op.batch_alter_table('incoming_deliveries') as batch_op:
        batch_op.add_column(sa.Column('files', sa.JSON(), nullable=True))
    links = bind.execute(sa.text(
        "SELECT l.delivery_id, s.sha256, s.filename, s.content_type, s.size, s.inspection FROM incoming_delivery_files l "
        "JOIN stored_files s ON s.id = l.stored_file_id ORDER BY l.delivery_id, l.position, l.id")).all()
    process = sa.JSON().result_processor(bind.dialect, None)

    def loads(value):
        return process(value) if process is not None and isinstance(value, (str, bytes)) else value

    by_delivery = {}
    for link in links:
        by_delivery.setdefault(link.delivery_id, []).append({
            "sha256": link.sha256, "filename": link.filename, "content_type": link.content_type, "size": link.size,
            "inspection": loads(link.inspection) or {}})
    deliveries = sa.table('incoming_deliveries', sa.column('id', sa.Integer), sa.column('files', sa.JSON))
    for delivery_id, files in by_delivery.items():
        bind.execute(deliveries.update().where(deliveries.c.id == delivery_id).values(files=files))
    op.execute("UPDATE incoming_deliveries SET files = '[]' WHERE files IS NULL")
    op.drop_table('incoming_delivery_files')

    with op.batch_alter_table('staged_uploads') as batch_op:
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('filename', sa.String(length=255), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('content_type', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('size', sa.BigInteger(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('inspection', sa.JSON(), nullable=True))
    for column in ('sha256', 'filename', 'content_type', 'size', 'inspection'):
        op.execute(f"UPDATE staged_uploads SET {column} = (SELECT s.{column} FROM stored_files s WHERE s.id = staged_uploads.stored_file_id)")
    with op.batch_alter_table('staged_uploads') as batch_op:
        batch_op.drop_index(batch_op.f('ix_staged_uploads_stored_file_id'))
        batch_op.drop_constraint(batch_op.f('fk_staged_uploads_stored_file_id_stored_files'), type_='foreignkey')
        batch_op.drop_column('stored_file_id')

    with op.batch_alter_table('work_files') as batch_op:
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('backend', sa.String(length=20), nullable=False, server_default='file'))
        batch_op.add_column(sa.Column('filename', sa.String(length=255), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('content_type', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('size', sa.BigInteger(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('page_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('signatures', sa.JSON(), nullable=True))
    for column in ('sha256', 'backend', 'filename', 'content_type', 'size', 'page_count'):
        op.execute(f"UPDATE work_files SET {column} = (SELECT s.{column} FROM stored_files s WHERE s.id = work_files.stored_file_id)")
    rows = bind.execute(sa.text("SELECT w.id, s.inspection FROM work_files w JOIN stored_files s ON s.id = w.stored_file_id")).all()
    work_files = sa.table('work_files', sa.column('id', sa.Integer), sa.column('signatures', sa.JSON))
    for row in rows:
        bind.execute(work_files.update().where(work_files.c.id == row.id)
                     .values(signatures=(loads(row.inspection) or {}).get('signatures', [])))
    with op.batch_alter_table('work_files') as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_files_stored_file_id'))
        batch_op.drop_constraint(batch_op.f('fk_work_files_stored_file_id_stored_files'), type_='foreignkey')
        batch_op.drop_column('stored_file_id')
        batch_op.alter_column('added_by_id', new_column_name='uploaded_by_id', existing_type=sa.Integer(), existing_nullable=False)
        batch_op.alter_column('added_at', new_column_name='uploaded_at', existing_type=sa.DateTime(timezone=True), existing_nullable=False)
        batch_op.create_index(batch_op.f('ix_work_files_sha256'), ['sha256'], unique=False)
    op.drop_table('stored_files')
