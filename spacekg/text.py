"""Small text helpers shared by graph (labels) and queries (answers): amounts of money, shortened text."""
from __future__ import annotations

SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def money(value: float, unit: str = "USD", digits: int | None = None) -> str:
    """7.6e9 -> "USD 7.6 billion"; `digits` significant digits for the scaled figure (all by default)."""
    spec = f".{digits}g" if digits else "g"
    for scale, word in SCALES:
        if abs(value) >= scale:
            return f"{unit} {value / scale:{spec}} {word}".strip()
    return f"{unit} {value:,.0f}".strip()


def shorten(text: str, limit: int = 120) -> str:
    """`text` cut to `limit` characters, ending in "..." when cut."""
    return text if len(text) <= limit else text[:limit - 3] + "..."
