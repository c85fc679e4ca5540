"""server-side sessions; throttling from the login-attempt log instead of per-user lockout

Revision ID: a9e51c0f7b21
Revises: b7c1e9a4d2f0
Create Date: 2026-12-02 16:20:00

A session is now a row in user_sessions (ended on logout, password change, disable), so the
per-user session_version counter goes; sign-in throttling is computed per (account, address)
from login_attempts, so the per-user failed_logins / locked_until columns go too.
"""
from alembic import op
import sqlalchemy as sa
import eoffice.db


# revision identifiers, used by Alembic.
revision = 'a9e51c0f7b21'
down_revision = 'b7c1e9a4d2f0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', eoffice.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', eoffice.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', eoffice.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ip_address', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.Column('ended_at', eoffice.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_user_sessions_secret_hash'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_changed_at', eoffice.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.drop_column('session_version')
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', eoffice.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.drop_column('password_changed_at')

    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))

    op.drop_table('user_sessions')
