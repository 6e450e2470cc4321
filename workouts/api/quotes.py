"""Quotes: the ones the user unlocked (with when), and hints for the locked ones."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status

from ..models import Quote, QuoteUnlock
from .errors import READ_ERRORS
from .pagination import Page, as_int, paginate

router = Router(tags=["quotes"])


class QuoteOut(Schema):
    number: int
    unlocked: bool
    unlocked_at: dt.datetime | None
    session_id: int | None = Field(description="The session that unlocked it, if any.")
    text: str | None = Field(description="Only once unlocked.")
    speaker: str | None = Field(description="Only once unlocked.")
    scene: str | None = Field(description="Only once unlocked.")
    hint: str


class QuotePage(Page):
    items: list[QuoteOut]
    unlocked: int
    total: int


class QuoteFilters(Schema):
    cursor: str | None = Field(None, description="next_cursor from the previous page.")
    limit: int = Field(50, ge=1, le=200)


@router.get(
    "/quotes",
    response={200: QuotePage, **READ_ERRORS},
    summary="Every quote: unlocked with its date, locked with a hint",
)
def list_quotes(request, filters: Query[QuoteFilters]):
    unlocks = {u.quote_id: u for u in QuoteUnlock.objects.filter(user=request.user)}
    items, cursor = paginate(
        Quote.objects.all(), [("number", False, as_int)], filters.cursor, filters.limit
    )
    out = []
    for quote in items:
        unlock = unlocks.get(quote.pk)
        out.append(
            QuoteOut(
                number=quote.number,
                unlocked=unlock is not None,
                unlocked_at=unlock.unlocked_at if unlock else None,
                session_id=unlock.session_id if unlock else None,
                text=quote.text if unlock else None,
                speaker=quote.speaker if unlock else None,
                scene=quote.scene if unlock else None,
                hint=quote.hint,
            )
        )
    return Status(
        200,
        {
            "items": out,
            "next_cursor": cursor,
            "unlocked": len(unlocks),
            "total": Quote.objects.count(),
        },
    )
