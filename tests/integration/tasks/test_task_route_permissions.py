"""Every task route as every demo role answers as the permission module says: 200 for those
allowed (and, for one task's pages and files, allowed to read that task), 403 for the rest,
on the pages and on the JSON API; refused roles change nothing by posting."""
from __future__ import annotations

import io

from eoffice.auth.permissions import can
from eoffice.tasks import assigning
from eoffice.tasks.schemas import PlanIn, TaskIn
from tests.helpers import walk_api_reads, walk_pages
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
    failures = walk_pages(office, "/tasks", args, lambda user, rule: (
        not ({"task_id", "task_file_id"} & set(rule.arguments)) or can(user, "task.view", task)))
    assert failures == [], "\n".join(failures)

def test_every_task_api_read_answers_each_role_as_the_permission_module_says(office):
    task, args = _sample(office)
    from eoffice.tasks import schedule
    from eoffice.calendar import service as calendar

    week = schedule.week_of(calendar.now().date())  # the sample's week, still a draft: the office's and the leaders'
    failures = walk_api_reads(office, "/api/v1/tasks", args, lambda user, rule: (
        ("task_id" not in rule.arguments or can(user, "task.view", task))
        and (rule.rule != "/api/v1/tasks/schedule" or can(user, "schedule.read", week))))
    assert failures == [], "\n".join(failures)
