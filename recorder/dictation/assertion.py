"""Whether a worry the dictation names is asserted, current and about this family.

This is the ConText algorithm of clinical language processing (Harkema et
al., 2009) on our own phrase tables: trigger phrases from
``resources/dictation/context.toml`` give a status (negated, disproved,
historical, hypothetical, possible, about someone else) to the cues in their
scope, forward or backward within a sentence, up to a terminator. medspaCy's
``context`` component pins spaCy below 3.8 and negspacy marks negation only, on
entities, so neither fits; this module needs nothing but the Doc's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from recorder.dictation.lexicon import FOLDER
from recorder.dictation.phrases import PhraseTable, folded
from recorder.dictation.units import units
from recorder.reference.datafile import DataFileError, line_of, read_toml

ASSERTED = "asserted"
STATUSES = ("negated", "disproved", "historical", "hypothetical", "possible", "other", "pseudo")
DIRECTIONS = ("forward", "backward")
STATUS_WORDS = {
    "negated": "denied or ruled out",
    "disproved": "raised, then not found",
    "historical": "in the past or resolved",
    "hypothetical": "only if, offered or considered",
    "possible": "only wondered about",
    "other": "about someone else, or a service's name",
    "reported": "reported by someone else",
    "one_sign": "one sign on its own",
}


@dataclass(frozen=True)
class Trigger:
    status: str
    direction: str
    reach: int | None


@dataclass(frozen=True)
class ContextRules:
    triggers: tuple[tuple[Trigger, tuple[str, ...]], ...]
    terminators: tuple[str, ...]
    past_but: tuple[str, ...]
    current: tuple[str, ...]
    priority: tuple[str, ...]
    reported: tuple[str, ...]
    disproves_reported: tuple[str, ...]
    pseudo_cues: tuple[str, ...]


@lru_cache(maxsize=4)
def load_context_rules(folder: str = "") -> ContextRules:
    """The trigger tables, checked; a mistake names ``context.toml`` and its line."""
    path = Path(folder or FOLDER) / "context.toml"
    data = read_toml(path)

    def strings(table: dict, key: str, where: str) -> tuple[str, ...]:
        value = table.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DataFileError(path, f'{where}: "{key}" must be a list of words in quotes',
                                line=line_of(path, key))
        return tuple(value)

    def table(key: str) -> dict:
        value = data.get(key)
        if not isinstance(value, dict):
            raise DataFileError(path, f"needs a table [{key}]", line=line_of(path, f"[{key}]"))
        return value

    triggers = []
    for number, row in enumerate(data.get("trigger") or [], start=1):
        where = f"trigger {number}"
        if not isinstance(row, dict) or row.get("status") not in STATUSES:
            raise DataFileError(path, f"{where}: status must be one of {', '.join(STATUSES)}",
                                line=line_of(path, "[[trigger]]"))
        if row.get("direction") not in DIRECTIONS:
            raise DataFileError(path, f'{where}: direction must be "forward" or "backward"',
                                line=line_of(path, "direction"))
        reach = row.get("reach")
        if reach is not None and (not isinstance(reach, int) or not 0 < reach < 40):
            raise DataFileError(path, f'{where}: "reach" must be a whole number from 1 to 39',
                                line=line_of(path, "reach"))
        triggers.append((Trigger(row["status"], row["direction"], reach),
                         strings(row, "phrases", where)))
    priority = data.get("priority")
    if not isinstance(priority, list) or set(priority) != set(STATUSES) - {"pseudo"}:
        raise DataFileError(path, '"priority" must list every status but "pseudo" once',
                            line=line_of(path, "priority"))
    terminators = table("terminators")
    return ContextRules(
        triggers=tuple(triggers),
        terminators=strings(terminators, "all", "terminators"),
        past_but=strings(terminators, "past_but", "terminators"),
        current=strings(table("current"), "words", "current"),
        priority=tuple(priority),
        reported=strings(table("reported"), "phrases", "reported"),
        disproves_reported=strings(table("disproves_reported"), "phrases", "disproves_reported"),
        pseudo_cues=strings(table("pseudo_cues"), "phrases", "pseudo_cues"),
    )


@dataclass(frozen=True)
class Assertion:
    status: str
    """``asserted`` or one of ``STATUSES`` (or ``disproved`` for a reported worry not found)."""
    trigger: tuple[int, int] | None = None
    """Token span of the words that gave the status."""

    @property
    def asserted(self) -> bool:
        return self.status == ASSERTED


class AssertionReader:
    """Reads the status of any token span of a Doc; the tables are built once per pipeline."""

    def __init__(self, nlp: Language, folder: str = "") -> None:
        rules = self.rules = load_context_rules(str(folder or ""))
        # One table per direction, so that a phrase can point both ways ("years ago").
        self.tables = {
            direction: PhraseTable.over(nlp, (
                (t, phrases) for t, phrases in rules.triggers
                if t.direction == direction or t.status == "pseudo"
            ))
            for direction in DIRECTIONS
        }
        self.terminators = PhraseTable.over(nlp, [("end", rules.terminators)])
        self.current = PhraseTable.over(nlp, [("now", rules.current)])
        self.reported = PhraseTable.over(nlp, [("reported", rules.reported)])
        self.disproves = PhraseTable.over(nlp, [("disproves", rules.disproves_reported)])
        self.priority = {status: n for n, status in enumerate(rules.priority)}

    def _found(self, doc: Doc) -> dict:
        cached = doc.user_data.get("recorder_context")
        if cached is not None:
            return cached
        words = folded(doc)
        found = {
            "triggers": [hit for table in self.tables.values() for hit in table.find(words)],
            "ends": [i for i, _, _ in self.terminators.find(words)],
            "now": [i for i, _, _ in self.current.find(words)],
            "reported": [i for i, _, _ in self.reported.find(words)],
            "disproves": [i for i, _, _ in self.disproves.find(words)],
        }
        doc.user_data["recorder_context"] = found
        return found

    def status(self, doc: Doc, i: int, j: int) -> Assertion:
        """The status of the cue at tokens ``i:j``."""
        u = units(doc)
        words = folded(doc)
        s0, s1 = u.sentence_of(i)
        found = self._found(doc)
        ends = [k for k in found["ends"] if s0 <= k < s1]
        best: tuple[int, str, tuple[int, int]] | None = None
        for a, b, trigger in found["triggers"]:
            if not (s0 <= a < s1) or b > s1 or trigger.status == "pseudo":
                continue
            if a < j and b > i:  # the trigger holds the cue: "no injuries", "no DV disclosed"
                if not (trigger.direction == "forward" and a < i and b >= j):
                    continue
                gap = (i, i)
            elif trigger.direction == "forward" and b <= i:
                gap = (b, i)
            elif trigger.direction == "backward" and a >= j:
                gap = (j, a)
            else:
                continue
            if trigger.reach is not None and gap[1] - gap[0] > trigger.reach:
                continue
            crosses = [k for k in ends if gap[0] <= k < gap[1]]
            if trigger.status in self.rules.past_but:
                crosses = [k for k in crosses if words[k] != "but"]
            if crosses:
                continue
            status = trigger.status
            if status == "negated" and self._recent(words, u, a, b, j):
                continue
            rank = self.priority[status]
            if best is None or rank < best[0]:
                best = (rank, status, (a, b))
        if best is not None and best[1] == "historical":
            c0, c1 = u.clause_of(i)
            if any(c0 <= k < c1 for k in found["now"]):
                best = None
        if best is not None:
            return Assertion(best[1], best[2])
        reported = [k for k in found["reported"] if s0 <= k < i]
        if reported:
            later = [k for k in found["disproves"] if k > i]
            if later:
                return Assertion("disproved", (later[0], later[0] + 1))
        return Assertion(ASSERTED)

    @staticmethod
    def _recent(words: list[str], u, a: int, b: int, j: int) -> bool:
        """ "has not self-harmed since the 12th": a plain negation followed by "since" is recent
        history, so the worry stands. A denial ("denied any drinking since") does not."""
        if words[a] not in ("not", "n't", "never"):
            return False
        c1 = u.clause_of(j - 1)[1]
        return "since" in words[j:c1]
