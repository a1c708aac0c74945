"""Conventions every renderer shares, written once: line-breaking punctuation, language tags and
the tones that carry a colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .theme import Theme

CANNOT_START = frozenset(
    "，。、；：？！）》」』】〕〗〙〛｝］〉”’…‥—·・ー〜～％‰℃°"
    ",.;:?!)]}>%"
)
"""Closing punctuation that must never start a line (GB/T 15834, JIS X 4051 "kinsoku"); used by
the PDF line breaker, the cell splitter and the Office title lines."""

CANNOT_END = frozenset("（《「『【〔〖〘〚｛［〈“‘([{<")
"""Opening punctuation that must never end a line."""

LANGUAGE_TAGS = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en-US"}
"""BCP 47 tag of each document language, as Office and PDF /Lang write it."""


def language_tag(language: str) -> str:
    """The BCP 47 tag for a document language (`zh-Hans` → `zh-CN`); English for any other."""
    return LANGUAGE_TAGS.get(language, "en-US")


TONES_WITH_COLOUR = frozenset({"good", "done", "warn", "bad"})
"""The tones that colour a cell or a tile; any other tone (or none) keeps the text colour."""


def tone_colour(theme: Theme, tone: object) -> str | None:
    """The theme colour a tone is drawn in, or None for an uncoloured tone."""
    return theme.colour(tone) if tone in TONES_WITH_COLOUR else None
