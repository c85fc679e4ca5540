"""The migrations form one line: two branches merged with the same parent give two heads, and
`flask db upgrade` (and every test database) then refuses to start."""
from pathlib import Path

from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parents[3] / "migrations"


def test_the_migrations_have_exactly_one_head() -> None:
    heads = ScriptDirectory(str(MIGRATIONS)).get_heads()
    assert len(heads) == 1, f"several heads {heads}: set the newer migration's down_revision to the other one"
