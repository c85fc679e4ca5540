"""One action button on an item's page: read the form, call the service, then either go back
to the page with a success message or show the page again with every error beside its field.

Every kind's detail page (incoming, outgoing, tasks) posts its actions through this, so a
refused action looks and behaves the same everywhere: nothing is saved, what was typed stays.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence, TypeVar, Union

from flask import flash, request

from eoffice.db import db
from eoffice.web.form_input import FormReader, FormState, submit

T = TypeVar("T")


def no_input(form: FormReader) -> None:
    """The `build` of an action whose button sends nothing but itself (accept, approve…)."""
    return None


def act_on_page(form_id: str, success: str, build: Callable[[FormReader], T], call: Callable[[T], Any],
                fields: Mapping[str, Union[str, Sequence[str]]], *, done: Callable[[], Any],
                failed_page: Callable[[FormState], Any]) -> Any:
    """Run `call` with the form read by `build`; `done()` answers a success (a redirect),
    `failed_page(state)` the page again with the errors (status 400), after a rollback."""
    reader = FormReader(form_id, request.form)
    failed = submit(reader, build, call, fields, on_error=db.session.rollback)
    if failed is None:
        flash(success, "success")
        return done()
    db.session.rollback()
    db.session.expire_all()
    flash("Chưa thực hiện được: " + " ".join(m for messages in failed.errors.values() for m in messages), "error")
    return failed_page(failed)
