"""What each socket event may carry; anything else is refused with a clear error."""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from negosim.events import SHEET_FIELDS
from negosim.vocabulary import Role

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=4, max_length=12)]
# A run numbers its events from 1; no run comes near 2³¹ of them, and a database integer
# stops at 2⁶³: a larger number is refused here, not by SQLite in the middle of a join.
MAX_SEQ = 2**31 - 1
Seq = Annotated[int, Field(ge=0, le=MAX_SEQ)]


class Payload(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


P = TypeVar("P", bound=Payload)


class JoinIn(Payload):
    code: Code
    name: Annotated[str, StringConstraints(max_length=200)] = ""
    role: Role = Role.LEAD
    token: Annotated[str, StringConstraints(max_length=64)] | None = None
    last_seq: Seq = 0
    # no side: team against team, a team's code proves its side (``rooms.sides``)


class SayIn(Payload):
    client_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    text: Annotated[str, StringConstraints(max_length=20_000)]


class CatchUpIn(Payload):
    last_seq: Seq = 0


def parse(model: type[P], data: object) -> P:
    """Validate an event's payload; raises ``ValueError`` with a readable message."""
    if not isinstance(data, dict):
        raise ValueError("the payload must be an object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "payload"
        raise ValueError(f"{where}: {first['msg']}") from None


class SheetEditIn(Payload):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)  # keep what was typed
    field: Literal[SHEET_FIELDS]  # type: ignore[valid-type]
    value: Annotated[str, StringConstraints(max_length=20_000)]
    base_version: Seq = 0


IssueId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
TermValue = Annotated[str, StringConstraints(max_length=200)] | int | float


class AcceptIn(Payload):
    """The other side's terms as the member saw them when confirming: a deal is signed on
    those terms only, never on an offer that changed while the member was reading."""

    terms: Annotated[dict[IssueId, TermValue], Field(min_length=1, max_length=50)]


class AnnotateIn(Payload):
    seq: Annotated[int, Field(ge=1, le=MAX_SEQ)]
    text: Annotated[str, StringConstraints(max_length=20_000)]
