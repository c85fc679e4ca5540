"""Every service operation is one unit of work: permission → validation → rules → audit entry,
outbox event, notices → one commit. This decorator owns the commit, the rollback on any
failure, the retry when SQLite reports a write conflict, and the mapping of database errors
to messages a person can act on — so no view or service repeats them.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable, ParamSpec, TypeVar

from sqlalchemy.exc import DataError, IntegrityError

from eoffice.db import db
from eoffice.db_retry import retry_on_sqlite_lock
from eoffice.errors import Conflict, ServiceError

P = ParamSpec("P")
T = TypeVar("T")


def operation(fn: Callable[P, T]) -> Callable[P, T]:
    """Run `fn` as one transaction: commit when it returns, roll back whatever it raises.

    A nested call (one operation calling another) joins the outer unit of work: only the
    outermost commits, so a failure late in the outer one undoes the inner one too.
    """

    @wraps(fn)
    def unit_of_work(*args: P.args, **kwargs: P.kwargs) -> T:
        if db.session.info.get("eoffice.in_operation"):
            return fn(*args, **kwargs)

        def attempt() -> T:
            db.session.info["eoffice.in_operation"] = True
            try:
                result = fn(*args, **kwargs)
                db.session.commit()
                return result
            except IntegrityError as exc:
                db.session.rollback()
                raise Conflict(
                    "conflict",
                    "Dữ liệu vừa được người khác thay đổi cùng lúc (trùng số hoặc đã tồn tại). "
                    "Hãy tải lại trang và thực hiện lại.",
                ) from exc
            except DataError as exc:
                db.session.rollback()
                raise ServiceError("invalid_value", "Có giá trị vượt quá giới hạn cho phép (số quá lớn hoặc văn bản quá dài). "
                                                    "Hãy kiểm tra lại dữ liệu nhập.") from exc
            except BaseException:
                db.session.rollback()
                raise
            finally:
                db.session.info.pop("eoffice.in_operation", None)

        return retry_on_sqlite_lock(attempt)

    return unit_of_work
