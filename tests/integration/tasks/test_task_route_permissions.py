"""Every task route as every demo role answers as the permission module says: 200 for those
allowed (and, for one task's pages and files, allowed to read that task), 403 for the rest,
on the pages and on the JSON API; refused roles change nothing by posting."""
from __future__ import annotations

import io

from eoffice.actor import Actor
from eoffice.auth import service as accounts
from eoffice.auth.models import User
from eoffice.auth.permissions import can
from eoffice.demo import ACCOUNTS, DEMO_PASSWORD
from eoffice.tasks import assigning
from eoffice.tasks.schemas import PlanIn, TaskIn
from tests.helpers import csrf_token, html_problems, login, route_url
from tests.integration.documents.conftest import actor, unit
from tests.integration.tasks.conftest import TITLE


def _sample(office):  # type: ignore[no-untyped-def]
    plan = assigning.create_plan(actor("chutich"), PlanIn(title="Kế hoạch CCHC năm 2026", year=2026))
    task = assigning.assign(actor("chutich"), TaskIn(title=TITLE, lead_unit_id=unit("KT").id, working_days=5, plan_id=plan.id),
                            [assigning.Upload(io.BytesIO(b"so lieu"), "phu-luc.txt")])
    from eoffice.calendar import service as calendar
    from eoffice.tasks import schedule
    from eoffice.tasks.schemas import ScheduleEntryIn

    entry = schedule.add_entry(actor("chanhvanphong"), ScheduleEntryIn(
        day=calendar.now().date(), start="08:00", end="09:00", leader_id=actor("chutich").user_id, content="Họp giao ban"))
    from eoffice.tasks.schemas import ConclusionIn, ConclusionsIn

    [concluded] = assigning.from_conclusions(actor("chutich"), ConclusionsIn(meeting="Họp giao ban tháng 12", conclusions=[
        ConclusionIn(title="Rà soát thủ tục", lead_unit_id=unit("STP").id, working_days=5)]))
    meeting = assigning.meeting_of(concluded)
    return task, {"task_id": task.id, "task_file_id": task.files[0].id, "plan_id": plan.id, "week_id": entry.week_id,
                  "meeting_id": meeting.id}


def test_every_task_page_answers_each_role_as_the_permission_module_says(office):
    task, args = _sample(office)
    failures = []
    for account in ACCOUNTS:
        client = office.test_client()
        assert login(client, account.username, DEMO_PASSWORD).status_code == 302
        user = User.query.filter_by(username=account.username).one()
        token = csrf_token(client, "/")
        for rule in office.url_map.iter_rules():
            if not rule.rule.startswith("/tasks"):
                continue
            action = office.view_functions[rule.endpoint].required_action
            url = route_url(rule, args)
            allowed = can(user, action) and (not ({"task_id", "task_file_id"} & set(rule.arguments))
                                             or can(user, "task.view", task))
            if "GET" in rule.methods:
                response = client.get(url)
                if response.status_code != (200 if allowed else 403):
                    failures.append(f"{account.username} GET {url} -> {response.status_code}")
                elif response.mimetype == "text/html" and response.status_code == 200:
                    failures += [f"{account.username} {url}: {p}" for p in html_problems(response.get_data(as_text=True))]
            elif not can(user, action):
                status = client.post(url, data={"csrf_token": token}).status_code
                if status != 403:
                    failures.append(f"{account.username} POST {url} -> {status}")
    assert failures == [], "\n".join(failures)


def test_every_task_api_read_answers_each_role_as_the_permission_module_says(office):
    task, args = _sample(office)
    failures = []
    for account in ACCOUNTS:
        user = accounts.find_user(account.username)
        bearer, _ = accounts.create_token(Actor.operator("kiểm thử"), user, "walk")
        client = office.test_client()
        for rule in office.url_map.iter_rules():
            if not rule.rule.startswith("/api/v1/tasks") or "GET" not in rule.methods:
                continue
            action = office.view_functions[rule.endpoint].required_action
            allowed = can(user, action) and ("task_id" not in rule.arguments or can(user, "task.view", task))
            response = client.get(route_url(rule, args), headers={"Authorization": f"Bearer {bearer}"})
            if response.status_code != (200 if allowed else 403):
                failures.append(f"{account.username} GET {route_url(rule, args)} -> {response.status_code}")
    assert failures == [], "\n".join(failures)
