"""``recorder_worries``: worry tags from the team's fixed list, each with its words.

A cue the worker rules out ("no concerns about drug use", "there is nothing to
suggest") raises nothing; a cue that is history ("has not self-harmed since
the 12th") still does. Some words depend on whom they are about: low mood in a
parent is parental mental health, in a child the child's.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

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
        self.cues = PhraseTable.over(nlp, [(("tag", w.tag), w.cues) for w in lex.worries])
        for cue, who in lex.depends_on_who.items():
            self.cues.add(cue, ("who", who))
        self.ruled_out = PhraseTable.over(nlp, [("no", lex.ruled_out)])
        self.history = set(lex.history_words)

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.context
        if not len(doc):
            return doc
        u = units(doc)
        words = folded(doc)
        raised: dict[str, list[tuple[int, int]]] = {}
        for i, j, payload in self.cues.find(words):
            if self._ruled_out(words, u, i, j):
                continue
            if payload[0] == "tag":
                tag = payload[1]
            else:
                tag = self._by_who(doc, i, payload[1]) if context is not None else None
            if tag:
                raised.setdefault(tag, []).append(token_span(doc, *u.sentence_of(i)))
                raised[tag].append(token_span(doc, i, j))
        for worry in self.lexicon.worries:
            if worry.tag in raised:
                cue_spans = raised[worry.tag][1::2]
                add(doc, "worries", worry.tag, worry.label, *cue_spans)
        return doc

    def _ruled_out(self, words, u, i: int, j: int) -> bool:
        c0, c1 = u.clause_of(i)
        if any(w in self.history for w in words[j:c1]):
            return False
        reach = self.lexicon.ruled_out_reach
        for a, b, _ in self.ruled_out.find(words, c0, i):
            long_phrase = b - a > 1
            if long_phrase or i - b < reach:
                return True
        return False

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
