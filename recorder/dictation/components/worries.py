"""``recorder_worries``: worry tags from the team's fixed list, each with its words.

Only a worry the worker asserts, as current and about this family, is drafted:
each cue's status (denied, ruled out, historical, only if, only wondered about,
disproved, about someone else) is read by ``assertion.py`` from the trigger
tables in ``context.toml``. A cue with another status is kept as "mentioned,
not drafted", with its words. Some words depend on whom they are about: low
mood in a parent is parental mental health, in a child the child's.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from recorder.dictation.assertion import STATUS_WORDS, AssertionReader
from recorder.dictation.components.people import mentions, resolve
from recorder.dictation.findings import add, lexicon_at, token_span
from recorder.dictation.phrases import PhraseTable, folded
from recorder.dictation.units import units


@Language.factory("recorder_worries", default_config={"folder": ""})
def make_worries(nlp: Language, name: str, folder: str) -> WorryFinder:
    return WorryFinder(nlp, folder)


class WorryFinder:
    def __init__(self, nlp: Language, folder: str) -> None:
        self.lexicon = lex = lexicon_at(folder)
        self.assertion = AssertionReader(nlp, folder)
        weak = lex.with_another_sign
        self.cues = PhraseTable.over(nlp, [
            (("tag", w.tag, cue in weak), [cue]) for w in lex.worries for cue in w.cues])
        for cue, who in lex.depends_on_who.items():
            self.cues.add(cue, ("who", who, cue in weak))
        for cue, whom in lex.depends_on_whom.items():
            self.cues.add(cue, ("whom", whom, cue in weak))
        self.cues.add_all(self.assertion.rules.pseudo_cues, ("pseudo",))

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.context
        if not len(doc):
            return doc
        words = folded(doc)
        raised: dict[str, list[tuple[int, int]]] = {}
        set_aside: dict[tuple[str, str], list[tuple[int, int]]] = {}
        one_sign: dict[str, list[tuple[int, int]]] = {}
        for i, j, payload in self.cues.find(words):
            if payload[0] == "pseudo":
                continue
            if payload[0] == "tag":
                tag = payload[1]
            elif payload[0] == "whom":
                tag = self._by_whom(doc, i, j, payload[1]) if context is not None else None
            else:
                tag = self._by_who(doc, i, payload[1]) if context is not None else None
            if not tag:
                continue
            found = self.assertion.status(doc, i, j)
            if found.asserted and payload[2]:
                one_sign.setdefault(tag, []).append((i, j))
            elif found.asserted:
                raised.setdefault(tag, []).append(token_span(doc, i, j))
            else:
                spans = [token_span(doc, i, j)]
                if found.trigger:
                    spans.append(token_span(doc, *found.trigger))
                set_aside.setdefault((tag, found.status), []).extend(spans)
        starts = [s for s, _ in units(doc).sentences]
        for tag, found in one_sign.items():
            spans = [token_span(doc, i, j) for i, j in found]
            at = sorted(bisect_right(starts, i) for i, _ in found)
            if tag in raised or any(b - a <= 1 for a, b in zip(at, at[1:], strict=False)):
                # another sign in the same sentence or the next
                raised.setdefault(tag, []).extend(spans)
            else:  # "Mum was tearful": one sign alone, kept for the worker to judge
                set_aside.setdefault((tag, "one_sign"), []).extend(spans)
        for i, j in self._attendance_below_par(words):
            if self.assertion.status(doc, i, j).asserted:
                raised.setdefault("school_attendance", []).append(token_span(doc, i, j))
        for worry in self.lexicon.worries:
            if worry.tag in raised:
                add(doc, "worries", worry.tag, worry.label, *raised[worry.tag])
        for (tag, status), spans in set_aside.items():
            if tag in raised:
                continue
            label = f"{self.lexicon.worry_label(tag)} ({STATUS_WORDS.get(status, status)})"
            add(doc, "worries", tag, label, *sorted(set(spans))).status = status
        return doc

    def _attendance_below_par(self, words: list[str]):
        """Attendance given as a figure under 90% ("attendance 81%", "her attendance is 54%
        this term"), the line under which the Department for Education counts a pupil as
        persistently absent; and days missed from school ("S missed 6 days sch")."""
        for i, w in enumerate(words):
            if w == "attendance":
                for k in range(i + 1, min(i + 8, len(words) - 1)):
                    if words[k] in (".", ";", "\n"):
                        break
                    figure = _percent(words, k)
                    if figure is not None:
                        if figure < 90:
                            yield i, k + 2
                        break
            elif w == "missed" and i + 2 < len(words) and (
                words[i + 1].isdigit() or words[i + 1] in _SMALL_NUMBERS
            ):
                k = i + 2 + (words[i + 2] == "full")  # "has missed four full days"
                near = words[max(0, i - 12) : k + 6]
                if k < len(words) and words[k] in ("days", "day", "sessions", "weeks") and any(
                    x in ("sch", "school", "term", "college") for x in near
                ):
                    yield i, k + 1
            elif w == "late" and i + 2 < len(words) and (
                _count(words[i + 1]) or words[i + 1] in _SMALL_NUMBERS
                or words[i + 1] in ("eleven", "twelve", "fifteen", "twenty")
            ) and (words[i + 2] in ("times", "x", "days", "mornings")
                   or words[i + 1].endswith("x")):
                near = words[max(0, i - 12) : i + 10]
                if any(x in ("sch", "school", "term", "college", "dsl", "register") for x in near):
                    yield i, i + 3  # "late 11x this half term", "late eleven times since"

    def _by_whom(self, doc, i: int, j: int, whom: dict[str, str]) -> str | None:
        """The worry of "hit her" by whom "her" stands for: a child or an adult; `unknown`
        when the note does not say; nothing when the one hit is the one hitting."""
        context = doc._.context
        gender = "female" if folded(doc)[j - 1] == "her" else "male"
        hit = resolve(doc, j - 1, people_only=True, gender=gender)
        person = context.person(hit.one) if hit is not None and hit.one else None
        s0 = units(doc).sentence_of(i)[0]
        if person is None or hit.start < s0 or hit.start >= j - 1:
            # not named in this sentence ("his partner Sadie ... pushed her"), or only
            # guessed to be the child the note is about
            return whom.get("unknown")
        near = [m for m in mentions(doc) if s0 <= m.start < i and m.kind in ("person", "pronoun")
                and not m.possessive and not m.object]
        if near:
            doer = near[-1]
            if doer.kind == "pronoun" and doer.gender != "plural":
                doer = resolve(doc, doer.start, people_only=True, gender=doer.gender) or doer
            if doer.one == person.id:
                return None  # "Pawel said he hit him back": not done to Pawel
        return whom.get("child" if context.is_child(person) else "adult")

    def _by_who(self, doc, i: int, who: dict[str, str]) -> str | None:
        context = doc._.context
        u = units(doc)
        s0 = u.sentence_of(i)[0]
        near = [m for m in mentions(doc) if s0 <= m.start < i and m.kind in ("person", "pronoun")]
        if not near:
            return None
        m = near[-1]
        if m.kind == "pronoun":
            if m.gender == "plural":
                return None
            m = resolve(doc, m.start, people_only=True, gender=m.gender)
            if m is None:
                return None
        person = context.person(m.one) if m.one else None
        if person is None:
            return None
        return who.get("child" if context.is_child(person) else "adult")


def _count(word: str) -> bool:
    """A number of times written as figures: "11", "11x"."""
    return word.removesuffix("x").isdigit()


_SMALL_NUMBERS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                  "several"}


def _percent(words: list[str], k: int) -> float | None:
    """The figure at ``k`` when a per cent follows it ("81%", "81 %", "81 percent")."""
    w = words[k]
    if w.endswith("%") and w[:-1].replace(".", "", 1).isdigit():
        return float(w[:-1])
    after = words[k + 1 : k + 3]
    if w.replace(".", "", 1).isdigit() and after and (
        after[0] in ("%", "percent") or after == ["per", "cent"]
    ):
        return float(w)
    return None
