"""What `eoffice demo` sets up for tasks: the province's administrative-reform plan, which the
chairperson fills with tasks (from the plan page or a meeting's conclusions). No tasks are
made up here: every office's demo, test or real, starts with its own."""
from __future__ import annotations

from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.auth.models import User
from eoffice.db import db
from eoffice.tasks.models import TaskPlan

DEMO_PLAN = "Kế hoạch cải cách hành chính năm 2026"


def load_demo() -> None:
    chair = db.session.scalar(select(User).where(User.username == "chutich"))
    if chair is None or db.session.scalar(select(TaskPlan.id).where(TaskPlan.title == DEMO_PLAN)) is not None:
        return
    from eoffice.tasks.assigning import create_plan
    from eoffice.tasks.schemas import PlanIn

    create_plan(Actor(chair), PlanIn(title=DEMO_PLAN, year=2026))
