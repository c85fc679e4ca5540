"""Tasks (nhiệm vụ) as a kind of work: tasks keyed by work_items.id (source document, plan
and area, parent task, assigner, lead unit and person, progress, original deadline), plans,
extension requests, the reminders sent (one per task and key, so the job is idempotent), and
the leaders' weekly schedule (one row per week, its entries).

Revision ID: f60t_tasks
Revises: f50x_exchange_messages
Create Date: 2026-12-03 13:10:00
"""
from alembic import op
import sqlalchemy as sa
import eoffice.db


revision = 'f60t_tasks'
down_revision = 'f50x_exchange_messages'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('task_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('owner_unit_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', eoffice.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_task_plans_created_by_id_users')),
    sa.ForeignKeyConstraint(['owner_unit_id'], ['units.id'], name=op.f('fk_task_plans_owner_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_plans'))
    )
    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('source_item_id', sa.Integer(), nullable=True),
    sa.Column('source_note', sa.String(length=500), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('area', sa.String(length=200), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('assigner_id', sa.Integer(), nullable=False),
    sa.Column('lead_unit_id', sa.Integer(), nullable=False),
    sa.Column('lead_user_id', sa.Integer(), nullable=True),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('original_deadline', eoffice.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('extension_count', sa.Integer(), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('done_at', eoffice.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_timeliness', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['assigner_id'], ['users.id'], name=op.f('fk_tasks_assigner_id_users')),
    sa.ForeignKeyConstraint(['id'], ['work_items.id'], name=op.f('fk_tasks_id_work_items')),
    sa.ForeignKeyConstraint(['lead_unit_id'], ['units.id'], name=op.f('fk_tasks_lead_unit_id_units')),
    sa.ForeignKeyConstraint(['lead_user_id'], ['users.id'], name=op.f('fk_tasks_lead_user_id_users')),
    sa.ForeignKeyConstraint(['parent_id'], ['tasks.id'], name=op.f('fk_tasks_parent_id_tasks')),
    sa.ForeignKeyConstraint(['plan_id'], ['task_plans.id'], name=op.f('fk_tasks_plan_id_task_plans')),
    sa.ForeignKeyConstraint(['source_item_id'], ['work_items.id'], name=op.f('fk_tasks_source_item_id_work_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_assigner_id'), ['assigner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_done_at'), ['done_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_finished_timeliness'), ['finished_timeliness'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_lead_unit_id'), ['lead_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_lead_user_id'), ['lead_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_source_item_id'), ['source_item_id'], unique=False)

    op.create_table('task_extensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', eoffice.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('previous_deadline', eoffice.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('requested_deadline', eoffice.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', eoffice.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_task_extensions_decided_by_id_users')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_task_extensions_requested_by_id_users')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_extensions_task_id_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_extensions'))
    )
    with op.batch_alter_table('task_extensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_extensions_task_id'), ['task_id'], unique=False)

    op.create_table('task_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('sent_at', eoffice.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('channels', sa.String(length=100), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], name=op.f('fk_task_reminders_sent_by_id_users')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_reminders_task_id_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_reminders')),
    sa.UniqueConstraint('task_id', 'key', name='uq_task_reminders_task_key')
    )
    with op.batch_alter_table('task_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_reminders_task_id'), ['task_id'], unique=False)

    op.create_table('schedule_weeks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('drafted_by_id', sa.Integer(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', eoffice.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('published_at', eoffice.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', eoffice.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_schedule_weeks_approved_by_id_users')),
    sa.ForeignKeyConstraint(['drafted_by_id'], ['users.id'], name=op.f('fk_schedule_weeks_drafted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_weeks')),
    sa.UniqueConstraint('week_start', name=op.f('uq_schedule_weeks_week_start'))
    )
    op.create_table('schedule_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week_id', sa.Integer(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', eoffice.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', eoffice.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('attendees', sa.Text(), nullable=False),
    sa.Column('preparer', sa.String(length=300), nullable=False),
    sa.Column('changed_at', eoffice.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['leader_id'], ['users.id'], name=op.f('fk_schedule_entries_leader_id_users')),
    sa.ForeignKeyConstraint(['week_id'], ['schedule_weeks.id'], name=op.f('fk_schedule_entries_week_id_schedule_weeks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_entries'))
    )
    with op.batch_alter_table('schedule_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schedule_entries_leader_id'), ['leader_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_schedule_entries_week_id'), ['week_id'], unique=False)


def downgrade() -> None:
    op.drop_table('schedule_entries')
    op.drop_table('schedule_weeks')
    with op.batch_alter_table('task_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_reminders_task_id'))

    op.drop_table('task_reminders')
    with op.batch_alter_table('task_extensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_extensions_task_id'))

    op.drop_table('task_extensions')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_source_item_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_plan_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_parent_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_lead_user_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_lead_unit_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_finished_timeliness'))
        batch_op.drop_index(batch_op.f('ix_tasks_done_at'))
        batch_op.drop_index(batch_op.f('ix_tasks_assigner_id'))

    op.drop_table('tasks')
    op.drop_table('task_plans')
