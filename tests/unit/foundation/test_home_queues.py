"""The home page's queue registry: each app created registers its queues again."""
from __future__ import annotations

from eoffice.auth.roles import Role
from eoffice.web import home


def test_registering_the_same_queue_again_replaces_it_instead_of_showing_it_twice(monkeypatch) -> None:
    monkeypatch.setattr(home, "_QUEUES", [])
    for app_number in range(3):  # three apps, three new count functions
        home.register_queue(home.Queue(Role.CHAIR, "Văn bản chờ ý kiến chỉ đạo", lambda user, n=app_number: n, "incoming.index"))
    home.register_queue(home.Queue(Role.CHAIR, "Quá hạn", lambda user: 0, "incoming.index"))

    class Chair:
        roles = {Role.CHAIR}

    queues = home.queues_for(Chair())[Role.CHAIR]
    assert [q.title for q in queues] == ["Văn bản chờ ý kiến chỉ đạo", "Quá hạn"]
    assert queues[0].count(None) == 2, "the newest app's count function wins"
