"""Task counts per (lead unit, lead person, level, state, deadline / timeliness), kept by the
task services' flush hook (eoffice.tasks.counts) so the chairperson's dashboard reads them
instead of grouping every task; filled here from the tasks already there. Meetings as their
own records (date, chair, attendees) with their conclusions, each linked to its task.

Revision ID: f80t_task_counts
Revises: f90d_onestop_more
Create Date: 2026-12-04 03:10:00
"""
from collections import Counter
from datetime import timezone
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa

import eoffice.db

revision = 'f80t_task_counts'
down_revision = 'f90d_onestop_more'
branch_labels = None
depends_on = None

UTC = eoffice.db.UTCDateTime(timezone=True)
OPEN = {'assigned', 'accepted', 'in_progress'}
FINISHED = {'done', 'confirmed'}
VN = ZoneInfo('Asia/Ho_Chi_Minh')


def _fill(table: sa.Table) -> None:
    """The same cells as eoffice.tasks.counts.rebuild (written out: a migration stays as it was)."""
    tasks = sa.table('tasks', sa.column('id'), sa.column('lead_unit_id'), sa.column('lead_user_id'), sa.column('parent_id'),
                     sa.column('finished_timeliness'), sa.column('done_at', UTC))
    items = sa.table('work_items', sa.column('id'), sa.column('status'), sa.column('deadline', UTC), sa.column('secrecy'))
    bind = op.get_bind()
    rows = bind.execute(sa.select(tasks.c.lead_unit_id, tasks.c.lead_user_id, tasks.c.parent_id.is_(None), items.c.status,
                                  items.c.deadline, tasks.c.finished_timeliness, tasks.c.done_at)
                        .select_from(tasks.join(items, tasks.c.id == items.c.id)).where(items.c.secrecy <= 0))
    cells: Counter = Counter()
    for unit_id, user_id, top, status, deadline, timeliness, done_at in rows:
        bucket = 'open' if status in OPEN else 'finished' if status in FINISHED else 'cancelled'
        deadline = deadline if bucket == 'open' else None
        timeliness = (timeliness or '') if bucket == 'finished' else ''
        month = f"{done_at.astimezone(VN):%Y-%m}" if bucket == 'finished' and done_at is not None else ''
        cells[(unit_id, user_id or 0, bool(top), bucket, deadline, timeliness, month)] += 1
    if cells:
        op.bulk_insert(table, [
            {'key': f"{u}:{p}:{int(top)}:{b}:{d.astimezone(timezone.utc).isoformat() if d else ''}:{t}:{m}", 'lead_unit_id': u,
             'lead_user_id': p, 'top': top, 'bucket': b, 'deadline': d, 'timeliness': t, 'done_month': m, 'n': n}
            for (u, p, top, b, d, t, m), n in cells.items()])


def upgrade() -> None:
    table = op.create_table('task_counts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('lead_unit_id', sa.Integer(), nullable=False),
        sa.Column('lead_user_id', sa.Integer(), nullable=False),
        sa.Column('top', sa.Boolean(), nullable=False),
        sa.Column('bucket', sa.String(length=10), nullable=False),
        sa.Column('deadline', UTC, nullable=True),
        sa.Column('timeliness', sa.String(length=10), nullable=False),
        sa.Column('done_month', sa.String(length=7), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_task_counts')),
        sa.UniqueConstraint('key', name=op.f('uq_task_counts_key')),
    )
    with op.batch_alter_table('task_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_counts_lead_unit_id'), ['lead_unit_id'], unique=False)
    _fill(table)
    op.create_table('meetings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=500), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('chair_id', sa.Integer(), nullable=True),
        sa.Column('attendees', sa.Text(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', UTC, nullable=False),
        sa.ForeignKeyConstraint(['chair_id'], ['users.id'], name=op.f('fk_meetings_chair_id_users')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_meetings_created_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_held_on'), ['held_on'], unique=False)
    op.create_table('meeting_conclusions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_conclusions_meeting_id_meetings')),
        sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_meeting_conclusions_task_id_tasks')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_conclusions')),
    )
    with op.batch_alter_table('meeting_conclusions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_conclusions_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_conclusions_task_id'), ['task_id'], unique=False)


def downgrade() -> None:
    op.drop_table('meeting_conclusions')
    op.drop_table('meetings')
    with op.batch_alter_table('task_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_counts_lead_unit_id'))
    op.drop_table('task_counts')
