"""Full-text search over people's names and the text of records.

Names are indexed with accents folded ("Wojcik" finds "Wójcik") and each
word searched as a prefix, so a name is found from any part of it, as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from recorder.domain.cases import CaseType
from recorder.domain.names import fold
from recorder.domain.people import Person
from recorder.store.rows import from_row

if TYPE_CHECKING:
    from recorder.store.store import Store

_WORD = re.compile(r"\w+", re.UNICODE)
_JOINERS = re.compile(r"['’-]")


@dataclass(frozen=True)
class PersonHit:
    person: Person
    case_type: CaseType | None
    """The type of the person's open case, when they are a child with one."""
    address: str


@dataclass(frozen=True)
class RecordHit:
    record_id: str
    case_id: str
    form_id: str
    snippet: str


def match_query(text: str) -> str | None:
    """An FTS5 query matching every typed word as the start of a word; None if no words.

    Apostrophes and hyphens are dropped, as they are in the index's second
    copy of each name, so "oneill" and "O'Neill" both find O'Neill.
    """
    words = _WORD.findall(fold(_JOINERS.sub("", text)))
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


class Search:
    every_method_reads = True  # a rights declaration: see recorder.store.rights

    def __init__(self, store: Store) -> None:
        self._store = store

    def people(self, text: str, *, limit: int = 50) -> list[PersonHit]:
        """People whose names (any of them, known-as included) start with each typed word.

        :param text: what the user typed; punctuation is ignored
        :param limit: the most hits to return, best first
        """
        query = match_query(text)
        if query is None:
            return []
        rows = self._store.rows(
            """
            SELECT p.*,
                (SELECT c.case_type FROM cases c WHERE c.child_id = p.id AND c.end_date IS NULL
                 ORDER BY c.start_date DESC LIMIT 1) AS open_case_type,
                (SELECT h.address_line1 || CASE WHEN h.postcode <> '' THEN ', ' || h.postcode
                 ELSE '' END FROM household_members m JOIN households h ON h.id = m.household_id
                 WHERE m.person_id = p.id AND m.end_date IS NULL LIMIT 1) AS address
            FROM (
                -- rank and cut to the best few first, so the look-ups above run
                -- for the hits shown, not for every name starting "Ma"
                SELECT rowid, rank FROM people_fts WHERE people_fts MATCH ?
                ORDER BY rank LIMIT ?
            ) f JOIN people p ON p.n = f.rowid
            ORDER BY f.rank, p.last_name, p.first_name
            """,
            [query, limit],
        )
        return [
            PersonHit(
                person=from_row(Person, r),
                case_type=CaseType(r["open_case_type"]) if r["open_case_type"] else None,
                address=r["address"] or "",
            )
            for r in rows
        ]

    def records(self, text: str, *, limit: int = 50) -> list[RecordHit]:
        """Records whose text holds every typed word (as a word start)."""
        query = match_query(text)
        if query is None:
            return []
        rows = self._store.rows(
            """
            SELECT r.id, r.case_id, r.form_id,
                snippet(records_fts, 0, '[', ']', ' … ', 12) AS snippet
            FROM records_fts f JOIN records r ON r.n = f.rowid
            WHERE records_fts MATCH ? ORDER BY f.rank LIMIT ?
            """,
            [query, limit],
        )
        return [RecordHit(r["id"], r["case_id"], r["form_id"], r["snippet"]) for r in rows]
