"""A meeting can be the line of the leaders' weekly schedule it was held as: its record points
at that schedule entry (at most one meeting per entry), so the schedule shows which meetings
have their conclusions recorded and the conclusions form starts from the entry's facts.

Revision ID: g11m_meeting_schedule
Revises: f95a_archive
Create Date: 2026-12-08 00:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'g11m_meeting_schedule'
down_revision = 'f95a_archive'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('schedule_entry_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_meetings_schedule_entry_id'), ['schedule_entry_id'])
        batch_op.create_foreign_key(batch_op.f('fk_meetings_schedule_entry_id_schedule_entries'), 'schedule_entries',
                                    ['schedule_entry_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meetings_schedule_entry_id_schedule_entries'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_meetings_schedule_entry_id'), type_='unique')
        batch_op.drop_column('schedule_entry_id')
