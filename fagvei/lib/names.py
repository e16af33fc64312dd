"""Keys for sorting and searching names in Norwegian order, the same on every database.

A key is the name folded to lower case, with accents dropped (é → e, ü → u) and the
three Norwegian letters mapped to the three characters after ``z`` in byte order
(æ → ``{``, ø → ``|``, å → ``}``). Compared byte by byte — SQLite's default, and the
"C" collation fagvei asks PostgreSQL for — keys sort as a Norwegian reader expects:
Zahid before Ærø before Øvre before Åsen. A search word goes through the same fold, so
"sør" finds "Sørensen" and "Sorensen" does not.
"""

from __future__ import annotations

import unicodedata

# Kept as letters of their own in Norwegian, after z (Språkrådet: alfabetisk ordning).
_NORWEGIAN = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})
# The separator between the parts of a key: a space, so that no search word (words
# are split on white space) can match across two parts.
SEPARATOR = " "


def fold(text: str) -> str:
    """One word or name folded for comparing: lower case, accents dropped, æøå kept."""
    text = text.casefold().translate(_NORWEGIAN)
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def sort_key(*parts: str, length: int = 200) -> str:
    """The key of a name given as its parts in sort order, e.g. (last name, first name)."""
    return SEPARATOR.join(fold(part) for part in parts)[:length]


def search_terms(text: str, limit: int = 5) -> list[str]:
    """The words of a search, folded like the keys: each must occur in the key."""
    return [fold(word) for word in text.split()[:limit] if fold(word)]
