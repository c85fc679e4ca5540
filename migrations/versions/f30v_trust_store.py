"""Trust store: the CA certificates signature validation trusts, seeded with the Vietnamese
public CAs shipped in eoffice/signing/trust/data (so a decree signed under the Government's G2
CA is trusted on a fresh install).

Revision ID: f30v_trust_store
Revises: f20b_stored_files
Create Date: 2026-12-03 07:15:00
"""
from alembic import op
import sqlalchemy as sa

import eoffice.db

revision = 'f30v_trust_store'
down_revision = 'f20b_stored_files'
branch_labels = None
depends_on = None

UTC = eoffice.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    table = op.create_table(
        'trust_store_certificates',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('sha256', sa.String(64), nullable=False, unique=True),
        sa.Column('subject', sa.String(500), nullable=False),
        sa.Column('issuer', sa.String(500), nullable=False),
        sa.Column('not_before', UTC, nullable=False),
        sa.Column('not_after', UTC, nullable=False),
        sa.Column('is_root', sa.Boolean(), nullable=False),
        sa.Column('source', sa.String(10), nullable=False),
        sa.Column('der', sa.LargeBinary(), nullable=False),
        sa.Column('added_by_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=True),
        sa.Column('added_at', UTC, nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
    )
    from eoffice.db import utcnow
    from eoffice.signing.trust import bundled_certificates, certificate_facts

    op.bulk_insert(table, [
        {**certificate_facts(cert), 'source': 'seed', 'added_by_id': None, 'added_at': utcnow(), 'active': True}
        for cert in bundled_certificates()
    ])


def downgrade() -> None:
    op.drop_table('trust_store_certificates')
