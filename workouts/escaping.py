"""HTML text for markup written in Python (the rows and cells pages list by the hundred)."""

from html import escape


def escaped(value):
    """What Django's `conditional_escape` gives, as a plain str: safe text as it is, anything
    else through `html.escape` (the bytes Django's `escape` gives a str), without Django's
    lazy-string wrapper per call, which costs more than the escaping in a loop of hundreds."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))
