"""Comparing names the way people type them: without accents, case or punctuation worries."""

from __future__ import annotations

import unicodedata

# Letters that carry their accent in the letter itself, so decomposing them
# leaves the accent on: Polish ł, Turkish ı, Scandinavian ø, and a few more.
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ı": "i",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        "ħ": "h",
        "ŀ": "l",
    }
)


def fold(text: str) -> str:
    """Lower case, accents removed, in any script: "Wójcik" and "WOJCIK" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def in_latin_letters(name: str) -> bool:
    """Whether a name is written in Latin letters (accents and all): "Paweł" is, "گلشن" and
    "Ελένη" are not. A family says a name in another script in Latin letters, which
    matching to the record has to allow for."""
    letters = [c for c in name if c.isalpha()]
    return not letters or any("LATIN" in unicodedata.name(c, "") for c in letters)
