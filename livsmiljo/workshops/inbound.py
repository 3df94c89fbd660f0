"""Reading what a phone sends, one message at a time, before anything touches the database.

A message that is too large, not JSON, nested too deep, not an object, or has a field of the wrong type
is refused here with a Swedish error to its sender alone (PROTOCOL.md, "Errors"); the connection stays
open and nobody else's message is affected.
"""

import json
from typing import Any

from django.utils.translation import gettext as _

# Text frames are small: the longest field is a 1,000-character answer (6,000 characters as \u escapes).
MAX_MESSAGE_CHARS = 16_000
MAX_NONCE_CHARS = 64
MAX_ID = 2**63 - 1  # the largest primary key the database can hold


class BadMessage(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def unreadable() -> BadMessage:
    return BadMessage(_("Meddelandet kunde inte läsas."))


def read(text_data: str | None, bytes_data: bytes | None) -> dict[str, Any]:
    """The JSON object of a text frame, or BadMessage."""
    if text_data is None:
        raise unreadable()
    if len(text_data) > MAX_MESSAGE_CHARS:
        raise BadMessage(_("Meddelandet är för stort. Skriv en kortare text och försök igen."))
    try:
        content = json.loads(text_data)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than Python's stack
        raise unreadable() from None
    if not isinstance(content, dict) or not isinstance(content.get("action", ""), str):
        raise unreadable()
    return content


def nonce(content: dict[str, Any]) -> str | int | None:
    """The client's nonce, echoed in the reply; a nonce that is not a short string or integer is refused."""
    value = content.get("nonce")
    if value is None or (isinstance(value, str) and len(value) <= MAX_NONCE_CHARS):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_ID:
        return value
    raise unreadable()


def object_id(value: Any) -> int | None:
    """A database id from a message: a positive integer, or a string of ASCII digits ("7"); else None.

    `str.isdigit` alone is true for "²", which `int` cannot read.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        value = int(value)
    if isinstance(value, int) and 0 < value <= MAX_ID:
        return value
    return None
