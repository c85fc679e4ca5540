"""Building blocks every domain's `schemas.py` uses: bounded ids and numbers, text without NUL
bytes, user dates through `eoffice.dates`, paging, and the error envelope.

Inputs are pydantic models validated by APIFlask before the view runs; a value that does not
fit answers 422 with one Vietnamese message per field (eoffice.api.validation). The bounds are
the database's: an id above 2³¹−1 would make PostgreSQL fail with "integer out of range".
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Generic, Optional, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from eoffice import dates
from eoffice.db import DB_INT_MAX
from eoffice.web.paging import MAX_PAGE



def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("nul_byte", "contains a NUL byte")
    return value


def _user_date(value: Any) -> Optional[date]:
    try:
        return dates.parse_date(value, "{label}")
    except dates.InvalidDate as exc:
        raise PydanticCustomError("invalid_date", "invalid date", {"template": exc.message}) from None


Id = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
SmallInt = Annotated[int, Field(ge=0, le=DB_INT_MAX)]


def text(max_length: int, min_length: int = 0) -> Any:
    """A string of at most `max_length` characters with no NUL byte (PostgreSQL refuses them)."""
    return Annotated[str, Field(max_length=max_length, min_length=min_length), AfterValidator(_no_nul)]


Text30 = text(30)
Text50 = text(50)
Text100 = text(100)
Text200 = text(200)
Text500 = text(500)
Text2000 = text(2000)
Text5000 = text(5000)

SearchWords = Annotated[str, Field(max_length=500), BeforeValidator(
    lambda v: v.replace("\x00", "") if isinstance(v, str) else v)]
"""Words typed in a search box: a NUL byte is dropped (it can match nothing), not refused."""

UserDate = Annotated[
    Optional[date],
    BeforeValidator(_user_date),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}),
]


class Input(BaseModel):
    """Base of every request model: unknown fields are refused, so a typo is not silently lost.

    Subclasses register by name so validation messages can find each field's Vietnamese title."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)
    registry: ClassVar[dict[str, type["Input"]]] = {}

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        Input.registry[cls.__name__] = cls


class Query(Input):
    """Query-string models: extra parameters are ignored (links carry e.g. `lang`)."""

    model_config = ConfigDict(extra="ignore")


class PageQuery(Query):
    page: Annotated[int, Field(ge=1, le=MAX_PAGE, title="Trang")] = 1
    per_page: Annotated[int, Field(ge=1, le=200, title="Số dòng mỗi trang")] = 50


class Output(BaseModel):
    """Base of every response model: read straight from the ORM objects the services return."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def model_parametrized_name(cls, params: tuple[type[Any], ...]) -> str:
        """PageUserOut, not Page[UserOut]: OpenAPI component names allow no brackets."""
        return cls.__name__ + "".join(getattr(p, "__name__", str(p)) for p in params)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """What the client receives: the serialization schema (field names, not the attributes read)."""
        kwargs["mode"] = "serialization"
        return super().model_json_schema(*args, **kwargs)


T = TypeVar("T")


class Page(Output, Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: Optional[int]


def paged(pagination: Any) -> dict[str, Any]:
    return {"items": list(pagination.items), "page": pagination.page, "per_page": pagination.per_page,
            "total": pagination.total}


class Items(Output, Generic[T]):
    items: list[T]


class EventOut(Output):
    """One line of a work item's history (eoffice.work.models.WorkEvent), for every kind."""

    at: datetime
    actor: str = Field(validation_alias="actor_name")
    kind: str
    text: str
    file_id: Optional[int]
    data: dict[str, Any]


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string"},
            "message": {"type": "string"},
            "details": {"type": "object", "additionalProperties": True},
        },
    }},
}
