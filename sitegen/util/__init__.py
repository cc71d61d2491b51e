"""Small helpers the stages share and that belong to none of them: a bounded memo for pure functions of
text, and the worker processes a build may use."""


def counted(number: int, noun: str) -> str:
    """``1 warning``, ``2 warnings``: a count as the summaries print it (the nouns take a plain s)."""
    return f"{number} {noun}{'s' * (number != 1)}"
