"""``recorder_visit``: the day of the visit, the time it started, and whether it was planned.

The visit is on the day of recording unless the dictation places it: "visit
yesterday", "the visit was on Tuesday 1 December". A date tied to something
else ("following a referral on Friday", "before the conference on 6 January")
does not move it, and a visit cannot be in the future.
"""

from __future__ import annotations

from datetime import timedelta

from spacy.language import Language
from spacy.tokens import Doc

from recorder.dictation.components.dates import said_dates, said_times
from recorder.dictation.components.people import mentions
from recorder.dictation.findings import add, lexicon_at, token_span
from recorder.dictation.phrases import PhraseTable, folded
from recorder.dictation.units import units
from recorder.domain.dates import uk_date_long

_LOOK_BACK = timedelta(days=62)


@Language.factory("recorder_visit", default_config={"folder": ""})
def make_visit(nlp: Language, name: str, folder: str) -> VisitFinder:
    return VisitFinder(nlp, folder)


class VisitFinder:
    def __init__(self, nlp: Language, folder: str) -> None:
        cues = lexicon_at(folder).cues["visit"]
        self.start = PhraseTable.over(nlp, [("start", cues["start"])])
        self.others_arriving = set(cues["others_arriving"])
        self.words = PhraseTable.over(nlp, [("visit", cues["words"])])
        self.others = PhraseTable.over(nlp, [("other", cues["other_events"])])
        self.kinds = PhraseTable.over(
            nlp, [("Unannounced", cues["unannounced"]), ("Planned", cues["planned"])]
        )

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.context
        if context is None or not len(doc):
            return doc
        u = units(doc)
        words = folded(doc)
        today = context.recorded_on
        chosen = headed = self._headed(doc, words, said_dates(doc), "date")
        if chosen is not None and not (today - _LOOK_BACK <= chosen.back <= today):
            chosen = headed = None
        for s, e in u.sentences[:3] if chosen is None else ():
            visit_at = [i for i, _, _ in self.words.find(words, s, e) if not u.quoted[i]
                        and not self._someone_else_saw(doc, words, i)]
            if not visit_at:
                continue
            for d in said_dates(doc):
                if not (s <= d.start < e) or d.back is None or u.quoted[d.start]:
                    continue
                if not (today - _LOOK_BACK <= d.back <= today):
                    continue
                c0, c1 = u.clause_of(d.start)
                if any(w in _WRITING_UP for w in words[c0 : d.start]):
                    continue  # "I'm dictating this on Monday": not the day of the visit
                anchors = [i for i in visit_at if c0 <= i < c1]
                k = u.clause_at[d.start] if d.start < len(u.clause_at) else -1
                if not anchors and d.start == c0 + (words[c0] in ("on", "-")) and k > 0 and any(
                    u.clauses[k - 1][0] <= i < u.clauses[k - 1][1] for i in visit_at
                ) and u.clauses[k - 1][0] >= s:
                    anchors = [c0]  # "visit to Kai at Meadowbank, Saturday 10 October, ..."
                if not anchors and words[c0 : d.start] in _BACK_TO_IT and any(
                    s <= i < c0 for i in visit_at
                ):  # "Return home interview with Precious, this was on Tuesday the 10th"
                    anchors = [max(i for i in visit_at if s <= i < c0)]
                if not anchors:
                    continue
                if any(w in ("will", "'ll", "next", "again") for w in words[c0:c1]):
                    continue
                if anchors[0] > 0 and words[anchors[0] - 1] == "to":
                    continue
                a, b = sorted((anchors[0], d.start))
                between = list(self.others.find(words, a, b))
                if between and anchors[0] < d.start:
                    continue
                if d.start < anchors[0] and d.start > c0 and words[d.start - 1] in ("since",):
                    continue
                chosen = d
                # an explicit date beats a relative one: "yesterday (Tuesday 2 November)"
                explicit = next((x for x in said_dates(doc) if s <= x.start < e and not x.relative
                                 and x.back is not None and c0 <= x.start < c1
                                 and today - _LOOK_BACK <= x.back <= today), None)
                if chosen.relative and explicit is not None:
                    chosen = explicit
                break
            if chosen:
                break
        if chosen is None and u.sentences:  # "EDT record - Sat 3/10 into Sun 4/10."
            s0, e0 = u.sentences[0]
            chosen = next((d for d in said_dates(doc) if s0 <= d.start < min(e0, s0 + 8)
                           and not d.relative and d.back is not None and not u.quoted[d.start]
                           and today - timedelta(days=7) <= d.back <= today
                           and (d.start - s0 <= 2 or words[d.start - 1] in _MARKS
                                or words[d.start - 1] in ("record", "note", "visit"))), None)
        if chosen is not None:
            add(doc, "visit_date", chosen.back, f"Date of visit: {uk_date_long(chosen.back)}",
                token_span(doc, chosen.start, chosen.end))
        else:
            add(doc, "visit_date", today, f"Date of visit: {uk_date_long(today)} (the day of "
                "recording; the dictation does not give another)")
        started = self._headed(doc, words, said_times(doc), "time")
        if started is None and headed is not None:  # "Date of visit: Mon 12/10, approx. 10:00"
            started = next((t for t in said_times(doc) if headed.end <= t.start <= headed.end + 3
                            and "\n" not in words[headed.end : t.start]
                            and "\n\n" not in words[headed.end : t.start]), None)
        started = (started, started.start) if started is not None else None
        started = started or self._start_time(doc, u, words)
        if started is not None:
            t, cue = started
            add(doc, "visit_time", t.hhmm, f"Time of visit: {t.hhmm}", token_span(doc, cue, t.end))
        kind = next(iter(self.kinds.find(words)), None)
        if kind is not None and not u.quoted[kind[0]]:
            add(doc, "visit_type", kind[2], f"{kind[2]} visit", token_span(doc, kind[0], kind[1]))
        return doc

    @staticmethod
    def _someone_else_saw(doc, words, i: int) -> bool:
        """ "a TA saw him in town on Tuesday": someone else's seeing, not the visit."""
        if words[i] != "saw":
            return False
        return any(m.end in (i, i - 1) and m.kind in ("person", "professional", "group")
                   and not m.possessive for m in mentions(doc)) or (
            i > 1 and words[i - 2] in ("a", "the") and words[i - 1] not in ("i", "we"))

    def _headed(self, doc, words, said, what: str):
        """What a form-like note gives under its own heading: "Date of visit: Thursday 1st
        October 2026", "Time of visit: 15:45hrs", "Visit date - 03/11/26"."""
        if doc._.dates is None:
            return None
        for k in range(len(doc) - 2):
            if words[k] != what:
                continue
            if words[k + 1] == "of" and words[k + 2] in _HEADED:
                end = k + 3  # "Date of visit:", "Time of arrival:", "Date of interview:"
            elif k > 0 and words[k - 1] == "visit":
                end = k + 1
            elif (k == 0 or words[k - 1] in ("\n", "\n\n", ".")) and words[k + 1] in (":", "-"):
                end = k + 1  # a form's own line: "Date: Friday 9th October 2026"
            else:
                continue
            if end < len(doc) and words[end] in (":", "-", "–"):
                end += 1
            found = next((x for x in said if x.start == end), None)
            if found is not None:
                return found
        return None

    def _start_time(self, doc, u, words):
        """The first time said with the visit's start ("arrived 1600", "CIN visit at 2pm",
        "got there just after four", "At 3pm I visited"), not one said of someone else
        ("Kitty arrived at 4.30", "Police attended at 22:30") or of a visit to come ("I will
        visit at 4pm on Friday"). Failing that, a time standing on its own in the note's
        opening line about the visit ("CIN visit to Tommy @ carers, 14:30.")."""
        times = [t for t in said_times(doc) if not u.quoted[t.start]]
        for t in times:
            c0, c1 = u.clause_of(t.start)
            s0, s1 = u.sentence_of(t.start)
            k = u.clause_at[t.start] if t.start < len(u.clause_at) else -1
            lead = c0
            while lead < t.start and words[lead] in ("-", "–", ","):
                lead += 1  # "Visit Friday 18/9 - at 7.15pm."
            if words[lead] in _ROUGHLY and k > 0 and u.clauses[k - 1][0] >= s0:
                # "Saw him after school, about quarter past four", "Mother was seen on the
                # postnatal ward, bay 3 of ward 14, at 11.40"
                c0 = u.clauses[k - 2][0] if k > 1 and u.clauses[k - 2][0] >= s0 else (
                    u.clauses[k - 1][0])
            back = k
            alone = t.start == c0 and (t.end >= c1 or words[t.end] in _MARKS)
            while alone and back > 0 and u.clauses[back - 1][0] >= s0 and k - back < 2:
                # a time alone after its commas: "visit @ home, st anns, 1715."
                back -= 1
                c0 = u.clauses[back][0]
            cues = [i for i, _, _ in self.start.find(words, c0, t.start) if t.start - i <= 16]
            if not cues and t.end < len(doc) and words[t.end] == "start":
                cues = [t.end]  # "1630 start"
            if not cues:
                cue = self._cue_after(words, t, s1, times)
                if cue is None:
                    continue
                c1 = max(c1, cue + 1)
            else:
                cue = cues[-1]
            if any(w in ("will", "'ll", "next", "again", "going") for w in words[c0:c1]):
                continue
            if any(w in _CALLED for w in words[min(cue, c0) : t.start]):
                continue  # "duty visit, call came in to duty at 7pm": the call's time
            passive = words[cue : cue + 2] in (["was", "seen"], ["were", "seen"],
                                               ["was", "visited"], ["were", "visited"])
            if passive and "by" in words[cue + 2 : cue + 4]:
                continue  # "Mother was seen by the midwife at 9am"
            if cue < t.start and not passive and self._said_of_someone_else(doc, words, c0, cue):
                continue
            return t, cue
        if u.sentences:  # "Statutory visit to the minor at the family home in Lincoln on
            s0, e0 = u.sentences[0]  # Monday the 2nd instant at 18h30": far from "visit"
            visit_at = next((i for i, _, _ in self.words.find(words, s0, e0)), None)
            for t in times:
                if visit_at is not None and visit_at < t.start < e0 and words[t.start - 1] in (
                    "at", "@"
                ) and not any(w in _CALLED or w in ("will", "next", "'ll")
                              for w in words[s0 : t.start]) and not self._said_of_someone_else(
                    doc, words, s0, visit_at
                ):
                    return t, visit_at
        return self._time_on_its_own(doc, u, words, times)

    def _said_of_someone_else(self, doc, words, c0: int, cue: int) -> bool:
        if any(words[k] in ("i", "we", "sw") for k in range(c0, cue)):
            return False
        if any(words[k] in self.others_arriving for k in range(c0, cue)):
            return True
        return any(
            c0 <= m.start < cue and not m.quoted and not m.possessive and m.object is False
            and (m.kind in ("person", "professional", "group")
                 or (m.kind == "pronoun" and words[m.start] in ("he", "she", "they")))
            for m in mentions(doc)
        )

    def _cue_after(self, words, t, s1: int, times) -> int | None:
        """ "At 3pm I visited", "at half past three, I was visiting Declan": the worker
        visits just after the time, in the same sentence, before any other time."""
        end = min(s1, t.end + 10)
        nxt = next((x.start for x in times if t.end <= x.start < end), end)
        cues = [i for i, _, _ in self.start.find(words, t.end, nxt)]
        if not cues:
            return None
        cue = cues[0]
        gap = t.end
        while gap < cue and words[gap] in ("-", "–", ":", ","):
            gap += 1  # "23:15 - arrived with PC Brannigan."
        heading = cue == gap and (t.start == 0 or words[t.start - 1] in (".", "\n", "\n\n"))
        if not heading and not any(words[k] in ("i", "we", "sw") for k in range(t.end, cue)):
            return None  # "16:05 arrived.": a note kept by the clock heads its lines with times
        return cue

    def _time_on_its_own(self, doc, u, words, times):
        """A time between marks in the note's first lines, a sentence that names the visit:
        "LAC visit to Tommy @ carers, Bronwen + Clive in, 14:30." or "Sat 12/09 - 10:00 -
        visit to ...". Nothing else in its clause says what happened at that time."""
        first = u.sentences[:2]
        for t in times:
            if not any(s <= t.start < e for s, e in first):
                continue
            s, e = u.sentence_of(t.start)
            if not any(True for _ in self.words.find(words, s, e)):
                continue
            before = words[t.start - 1] if t.start > 0 else "."
            after = words[t.end] if t.end < len(doc) else "."
            dated = any(d.end == t.start for d in said_dates(doc))
            if (before in _MARKS or dated) and (after in _MARKS or after in _START_AFTER or (
                before == "," and after in ("once", "after", "when", "as", "so", "because")
            )):  # "CLA visit to Abdi at the farm, half past five once he'd had his tea."
                return t, t.start
        s, e = first[0] if first else (0, 0)
        if len(first) == 2 and any(True for _ in self.words.find(words, s, e)):
            s2, e2 = first[1]  # "cp visit - kai, clifton. 0750" on a line of its own
            alone = [t for t in times if t.start == s2 and (
                t.end >= e2 or words[t.end] in _MARKS or words[t.end] in _START_AFTER
                or words[t.end] == "at")]  # "4.30pm at home in Orton Goldhay."
            if alone:
                return alone[0], alone[0].start
        return None


_HEADED = {"visit", "interview", "arrival"}
_CALLED = {"call", "rang", "phoned", "referral"}
"""Words of a call or referral: a time said with them is when it came in, not the visit."""
_WRITING_UP = {"dictating", "dictated", "typing", "typed", "writing", "recording", "recorded"}
_BACK_TO_IT = [[w, "was", "on"] for w in ("this", "it", "which", "that")] + [
    [w, "was"] for w in ("this", "it", "which", "that")]
_START_AFTER = {"start", "started", "arr", "arrived", "arrival"}
_MARKS = {",", "-", "–", "—", ":", ";", "(", ")", ".", "@", "\n"}
_ROUGHLY = {"about", "around", "round", "approx", "approximately", "at", "just", "roughly",
            "shortly"}
