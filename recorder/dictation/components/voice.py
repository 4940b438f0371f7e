"""``recorder_voice``: what the children said, word for word.

Quoted words are kept as quoted; reported speech ("she said she misses her
brother") is kept as the worker said it. Only a child's words count: the
speaker is the person named (or the pronoun) before the speech word. Nothing
is paraphrased.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from recorder.dictation.components.people import mentions, resolve
from recorder.dictation.findings import add, lexicon_at, token_span
from recorder.dictation.phrases import PhraseTable, folded
from recorder.dictation.units import units

_QUOTE_MARKS = {"“", "”", '"'}
_SPLIT_PRONOUNS = {"he", "she"}
_QUOTE_OPENS = {".", ",", "-", "–", ":", ";", "\n", "\n\n", "!", "?", "bc", "because", "cos",
                "coz", "then", "and", "but", "b/c"}
"""What may come just before a quotation that no speech word brings in."""
_PASSED_ON = {"reports", "reported", "says", "said", "told", "explained", "stated", "states"}
_FIRST_PERSON = {"i", "i'm", "i've", "i'd", "i'll", "im"}
_ASIDE = {"on", "her", "his", "their", "own", "alone", "privately", "quietly", "later", "again",
          "also", "too", "separately", "me", "us"}


@Language.factory("recorder_voice", default_config={"folder": ""})
def make_voice(nlp: Language, name: str, folder: str) -> VoiceFinder:
    return VoiceFinder(nlp, folder)


class VoiceFinder:
    def __init__(self, nlp: Language, folder: str) -> None:
        speech = lexicon_at(folder).cues["speech"]
        self.verbs = PhraseTable.over(nlp, (
            ("quoted" if verb in speech["quoted_only"] else "said", [verb])
            for verb in speech["verbs"]
        ))
        self.wishes = PhraseTable.over(nlp, [("wish", speech["wishes"])])
        self.feelings = PhraseTable.over(nlp, [("feeling", speech["feelings"])])
        self.tools = PhraseTable.over(nlp, [("tool", speech.get("tools", ()))])
        self.acts = PhraseTable.over(nlp, [("act", speech.get("acts", ()))])

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.context
        if context is None or not len(doc):
            return doc
        u = units(doc)
        words = folded(doc)
        covered = [False] * len(doc)
        snippets: list[tuple[int, int]] = []
        passed_on: list[tuple[int, int]] = []
        said = list(self.verbs.find(words))
        for i, j, kind in said:
            if u.quoted[i] or (i > 0 and words[i - 1] == "the"):
                continue  # "the said child": a formal report's "that child", not speech
            if any(a <= i < b for a, b in passed_on):
                continue  # the child's words as an adult passed them on: not the child's voice
            speaker = self._speaker(doc, i)
            if speaker is None:
                if kind == "said":
                    s1 = u.sentence_of(i)[1]
                    passed_on.append((j, self._reported_end(doc, j, s1)))
                continue
            pieces = self._content(doc, j, allow_reported=kind == "said")
            for a, b in pieces:
                for k in range(a, b):
                    covered[k] = True
                if u.quoted[a] or self._feels(words, a, b) or words[a] in _FIRST_PERSON:
                    snippets.append((a, b))  # "he said I check the news every morning"
        verbs_at = [i for i, _, _ in said if not u.quoted[i]]
        for a, b in u.quotes:
            if any(covered[a:b]) or any(x <= a < y for x, y in passed_on):
                continue
            s0 = u.sentence_of(a)[0]
            if any(s0 <= v < a for v in verbs_at) or words[a - 2 : a - 1] and words[a - 2] in (
                "called", "named", "nicknamed", "as", "calls", "call"
            ):
                continue
            before = words[a - 2] if a >= 2 else "."
            if before not in _QUOTE_OPENS and not any(
                m.end == a - 1 and m.kind == "person" for m in mentions(doc)
            ):
                continue  # "was overheard talking about 'taking the country back'"
            if self._child_spoke_unsaid(doc, a, b - a):
                snippets.append((a, b))
        for c0, c1 in u.clauses:
            if u.quoted[c0] or any(covered[c0:c1]):
                continue
            wish = next(iter(self.wishes.find(words, c0, c1)), None)
            if wish is None or any(a <= wish[0] < b for a, b in passed_on):
                continue
            if any(w in ("scaled", "scales", "scaling", "rated") for w in words[c0 : wish[0]]):
                continue  # "he scaled how safe he feels at 8/10": a score, not his words
            if wish[0] >= 2 and words[wish[0] - 3 : wish[0] - 1] in (["asked", "how"],
                                                                   ["asked", "what"]):
                continue  # "when I asked how he feels when ...": the worker's question
            if any(w in ("not", "n't", "never", "didn't") for w in words[c0 : wish[0]]) and any(
                w in ("talk", "speak", "see", "seen", "leave", "me", "chat")
                for w in words[wish[1] : c1]
            ):
                continue
            subject = self._subject_before(doc, c0, wish[0])
            if subject is None and wish[0] == c0 == u.sentence_of(c0)[0] and (
                self._child_spoke_unsaid(doc, c0, 3)
            ):
                subject = c0  # a terse note: "O seen alone. wants to stay w/ mum."
            if subject is None:
                continue
            start = subject
            end = self._reported_end(doc, start, c1)
            for a, b in self._split(doc, start, end):
                snippets.append((a, b))
            quote = next((q for q in u.quotes if q[0] - 1 == end), None)
            if quote is not None:  # he wants to see her “every weekend, not every other”
                snippets.append(quote)
        for a, b in self._tool_parts(doc, covered):
            snippets.append((a, b))
        for i, _j, _ in self.acts.find(words):
            if u.quoted[i] or covered[i]:
                continue
            c0, c1 = u.clause_of(i)
            k = i - 1
            while k > c0 and words[k] in ("then", "also", "just", "quickly", "immediately"):
                k -= 1  # "he then went to dad and climbed on his lap"
            if self._subject_before(doc, c0, k + 1) is None:
                continue
            snippets.append((i, self._reported_end(doc, i, c1)))
        snippets = self._joined(doc, snippets)
        seen = set()
        for a, b in snippets:
            text = _clean(doc[a:b].text)
            key = text.casefold()
            quoted = units(doc).quoted[a]
            if key in seen or len(text.split()) < (1 if quoted else 3):
                continue
            if not quoted and words[a] in ("no", "yes", "ok", "okay"):
                continue
            seen.add(key)
            add(doc, "child_voice", text, f"“{text}”", token_span(doc, a, b))
        return doc

    def _joined(self, doc, snippets: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Reported words and the quotation that finishes them are one thing said: "he likes
        his club “because there is pizza”", "misses dad 'a bit' but 'not the shouting'"
        (short quotations joined by "and" or "but" go on with it)."""
        u = units(doc)
        words = folded(doc)
        quotes = {q[0]: q for q in u.quotes}
        out: list[tuple[int, int]] = []
        skip: set[tuple[int, int]] = set()
        for a, b in sorted(set(snippets)):
            if (a, b) in skip:
                continue
            q, end = None, b
            if not u.quoted[a] and b < len(doc) and doc[b].text in _QUOTE_MARKS and (
                b + 1 in quotes
            ) and words[b - 1] not in ("and", "but", ","):  # not "happy here and “I don't …”"
                q = quotes[b + 1]
                skip.add(q)
                end = q[1] + 1
            elif not u.quoted[a] and doc[b - 1].text in _QUOTE_MARKS:
                q = next((x for x in u.quotes if x[1] == b - 1 and x[0] > a), None)
            if q is not None:
                while end + 2 < len(doc) and words[end] in ("and", "but") and (
                    doc[end + 1].text in _QUOTE_MARKS and end + 2 in quotes
                ) and q[1] - q[0] <= 4 and quotes[end + 2][1] - quotes[end + 2][0] <= 4:
                    q = quotes[end + 2]
                    skip.add(q)
                    end = q[1] + 1
                out.append((a, end))
            else:
                out.append((a, b))
        return [x for x in out if x not in skip]

    def _feels(self, words: list[str], a: int, b: int) -> bool:
        """Reported words that carry a wish or a feeling, not a plain fact."""
        return any(True for _ in self.feelings.find(words, a, b))

    def _is_child(self, doc, m) -> bool:
        return m is not None and doc._.context.is_child_id(m.one)

    def _speaker(self, doc, verb_at: int):
        """The child who spoke, or None when the speaker is an adult or unclear."""
        u = units(doc)
        c0 = u.clause_of(verb_at)[0]
        before = [m for m in mentions(doc) if c0 <= m.start < verb_at and not m.quoted]
        s0 = u.sentence_of(verb_at)[0]
        # the subject goes on to speak: "Leo was playing with his cars and told me “…”",
        # "she drew the front door and wrote “…”", "he went quiet, then said “…”"
        going_on = self._going_on(doc, verb_at) if folded(doc)[verb_at - 1 : verb_at] in (
            ["and"], ["then"]) else None
        if not before and going_on is not None:
            before = [going_on]
        lead = s0
        while lead < verb_at and folded(doc)[lead] in ("-", "–", "•", "*"):
            lead += 1  # "- Said “…”" on a line of its own
        if not before and verb_at == lead:
            # a note without subjects: "16:25 walked with Kobby, seen alone. Said “…”" —
            # the child the last sentence was about speaks
            earlier = [m for m in mentions(doc) if m.start < s0 and not m.quoted
                       and m.kind in ("person", "pronoun") and not m.possessive
                       and not (m.kind == "pronoun" and (m.gender == "plural" or m.object))
                       and doc[m.start].text.casefold() not in ("his", "her", "him", "their")
                       and u.sentence_index(m.start) >= u.sentence_index(s0) - 2]
            last = earlier[-1] if earlier else None
            if last is not None and last.kind == "pronoun":  # "He said ... . Said “…”"
                last = resolve(doc, last.start, people_only=True, gender=last.gender)
            return last if last is not None and self._is_child(doc, last) else None
        if not before:
            # a terse note: "Archie chatty, showed me his dinosaur, said ..." — the sentence's
            # subject speaks on
            s0 = u.sentence_of(verb_at)[0]
            first = next((m for m in mentions(doc) if m.start == s0 and not m.quoted), None)
            if first is None or first.kind != "person" or first.possessive:
                return None
            if any(m for m in mentions(doc) if s0 < m.start < verb_at and not m.quoted and
                   not m.possessive and m.kind in ("person", "pronoun", "professional")
                   and doc[m.start].text.casefold() not in ("his", "her", "their")):
                return None
            return first if self._is_child(doc, first) else None
        m = before[-1]
        far = verb_at - m.end > 3 and not (
            len(before) == 1 and doc[verb_at - 1].text.casefold() == "and"
        )
        if going_on is not None:
            m, far = going_on, False
        if m.kind == "pronoun":
            if m.gender == "plural" or far:
                return None
            m = resolve(doc, m.start, people_only=True, gender=m.gender)
        elif m.kind != "person" or m.possessive or far:
            return None
        return m if m is not None and self._is_child(doc, m) else None

    def _tool_parts(self, doc, covered: list[bool]) -> list[tuple[int, int]]:
        """What a child put in a part of a tool of direct work, not quoted: "In her house
        of good things she put Szymon, her cat and her gymnastics club", "- House of good
        things: nan's house and swimming", "In his house of dreams the whole family is
        eating together". Whose house it is: "her" or "his" before it, or the child the
        note was about; never an adult's."""
        u = units(doc)
        words = folded(doc)
        parts = []
        for i, j, _ in self.tools.find(words):
            s1 = u.sentence_of(i)[1]
            end = next((k for k in range(j, s1) if words[k] in (";", ".", "\n", "\n\n")
                        or self.tools.at(words, k)), s1)
            k = j
            while k < end:  # past "she put", "he drew", "were", ":"
                verb = self.verbs.at(words, k)
                if verb is None and words[k] not in (":", ",", "-", "was", "were", "is", "are",
                                                     "she", "he", "they"):
                    break
                k += verb[0] if verb else 1
            if k >= end or any(covered[k:end]):
                continue
            who = resolve(doc, i, children_only=True)
            if who is None or not self._is_child(doc, who):
                continue
            quotes = [q for q in u.quotes if k <= q[0] < end]
            parts.extend(quotes if quotes else [(k, end)])  # "- House of worries: “…”"
        return parts

    def _going_on(self, doc, verb_at: int):
        """The subject of the sentence so far, when a speech word after "and" or "then"
        goes on from it: the last person or pronoun before the speech word that is not
        after a preposition ("with Leo"), not possessive ("his cars") and not quoted."""
        s0 = units(doc).sentence_of(verb_at)[0]
        subjects = [m for m in mentions(doc) if s0 <= m.start < verb_at and not m.quoted
                    and not m.possessive and not m.object
                    and m.kind in ("person", "pronoun", "worker", "professional")
                    and doc[m.start].text.casefold() not in ("his", "her", "their", "him",
                                                             "them", "me", "us")]
        if not subjects or subjects[-1].kind not in ("person", "pronoun"):
            return None
        if any(w in _PASSED_ON for w in folded(doc)[s0 : subjects[-1].start]):
            return None  # "Mother reports Chidera cries and says ...": passed on by an adult
        return subjects[-1]

    def _child_spoke_unsaid(self, doc, at: int, length: int) -> bool:
        """Whether words with no speech word before them ("O seen alone in his room. 'dad
        gets grumpy when he has his cans'.", "T 'dont care'") are a child's: the person
        the note is about just then, in this line or the two sentences before, is a child
        and no adult is named after them as a subject. Two words or more, unless a child is
        named just before ("T 'dont care'")."""
        u = units(doc)
        index = u.sentence_index(at)
        line = next((k for k in range(at - 1, -1, -1) if doc[k].text.startswith("\n")), -1)
        near = [m for m in mentions(doc) if m.start < at and not m.quoted
                and m.kind in ("person", "pronoun", "professional", "worker", "group")
                and (u.sentence_index(m.start) >= index - 2 or m.start > line)
                and doc[m.start].text.casefold() not in ("his", "her", "their", "my", "me")
                and not m.object and not (m.kind == "pronoun" and m.gender == "plural")]
        words = folded(doc)
        for m in reversed(near):
            opens = m.start == u.sentence_of(m.start)[0] or words[m.start - 1] in ("-", "•", "*")
            if m.kind == "worker":
                continue  # "saw O alone in my car": the worker is not who spoke
            who = m
            if m.kind == "pronoun":
                who = resolve(doc, m.start, people_only=True, gender=m.gender)
            elif m.kind != "person" or m.possessive:
                if opens or m.end >= at - 1:
                    return False
                continue
            if who is not None and self._is_child(doc, who):
                return length >= 2 or m.end >= at - 1
            if opens or m.end >= at - 1 or m.kind == "pronoun":
                return False  # "D smelt of alcohol. 'one or two after work'": an adult's
        return False

    def _subject_before(self, doc, c0: int, at: int) -> int | None:
        """The start of a child subject for a wish said without a speech word."""
        before = [m for m in mentions(doc) if c0 <= m.start < at and not m.quoted]
        if not before or at - before[-1].end > 2:
            return None
        m = before[-1]
        if m.kind == "pronoun" and m.gender != "plural":
            who = resolve(doc, m.start, people_only=True, gender=m.gender)
            return m.start if who is not None and self._is_child(doc, who) else None
        if m.kind == "person" and not m.possessive and self._is_child(doc, m):
            return m.start
        return None

    def _content(self, doc, j: int, *, allow_reported: bool) -> list[tuple[int, int]]:
        """What follows a speech word: quotations, and reported words when allowed."""
        u = units(doc)
        words = folded(doc)
        n = len(doc)
        k = j
        while k < n and words[k] in ("me", "us", "to", "that", ":", ","):
            if words[k] == "," and not (k + 1 < n and doc[k + 1].text in _QUOTE_MARKS):
                break
            k += 1
        # "told me on her own that ...", "said quietly that ...": start after "that"
        that = next((x for x in range(k, min(k + 5, n)) if words[x] == "that"), None)
        if that is not None and all(w in _ASIDE for w in words[k:that]):
            k = that + 1
        pieces: list[tuple[int, int]] = []
        sentence_end = u.sentence_of(j)[1]
        while k < sentence_end:
            quote = next((q for q in u.quotes if q[0] - 1 == k), None)
            if quote:
                pieces.append(quote)
                k = quote[1] + 1
            elif allow_reported and not u.quoted[k] and words[k] not in (".", "!", "?"):
                end = self._reported_end(doc, k, sentence_end)
                pieces.extend(self._split(doc, k, end))
                k = end
                if k < sentence_end and doc[k].text in _QUOTE_MARKS:
                    continue  # "she's happy he is here because “he helps me with maths”"
            else:
                break
            if k < sentence_end and words[k] in ("and", "but") and k + 1 < sentence_end:
                nxt = words[k + 1]
                if doc[k + 1].text in _QUOTE_MARKS:
                    k += 1
                    continue
                again = self._said_again(doc, k + 1, sentence_end)
                if again is not None and (doc[again].text in _QUOTE_MARKS or allow_reported):
                    k = again  # She said, “…,” and, “…” / and added, “…” / and said he …
                    continue
                if nxt == "that" and allow_reported:
                    k += 2
                    continue
                if nxt in _SPLIT_PRONOUNS and allow_reported and pieces and u.quoted[k - 1] and (
                    not self.verbs.at(words, k + 2)
                ):
                    k += 1  # “I like it here” and he wants more time with his mum
                    continue
            break
        return pieces

    def _said_again(self, doc, k: int, limit: int) -> int | None:
        """After "and": where the same speaker's next words start ("and, “…”", "and added,
        “…”", "and said he would like …"), or None when "and" goes on to something else."""
        words = folded(doc)
        while k < limit and words[k] in (",", "then", "also"):
            k += 1
        verb = self.verbs.at(words, k)
        if verb is not None:
            k += verb[0]
            while k < limit and words[k] in (",", ":", "that", "me", "us"):
                k += 1
        elif k == limit or doc[k].text not in _QUOTE_MARKS:
            return None
        return k if k < limit and (verb is not None or doc[k].text in _QUOTE_MARKS) else None

    def _reported_end(self, doc, k: int, limit: int) -> int:
        """Reported words run to the end of the clause, or to the next speech word."""
        u = units(doc)
        words = folded(doc)
        end = k
        # "He said I like Hemant, he's alright, but I want my own room": words said in
        # the first person with no quotation marks (dictated, the marks are often not
        # said) are the child's own, commas and all, to the end of the sentence, from
        # the first "I" on ("when they shout I hide, I'm not scared, just annoyed").
        own_words = False
        while end < limit:
            own_words = own_words or (words[end] in _FIRST_PERSON and not u.quoted[end])
            quote = next((q for q in u.quotes if q[0] - 1 == end), None) if (
                doc[end].text in _QUOTE_MARKS and end > k) else None
            if quote is not None and quote[1] - quote[0] >= 4:
                break  # a long quotation is a thing said of its own; "too loud" stays inline
            if not u.quoted[end] and words[end] in (",", ";", ":", ".", "!", "?"):
                # "he wants a brother, not a sister" is one thing said
                if words[end] == "," and end + 1 < limit and (
                    words[end + 1] == "not" or own_words
                ):
                    end += 1
                    continue
                break
            if (
                end > k
                and words[end] == "and"
                and end + 2 < limit
                and words[end + 1] in _SPLIT_PRONOUNS
                and self.verbs.at(words, end + 2)
            ):
                break
            if end > k and words[end] == "and" and end + 1 < limit and (
                words[end + 1] == "that" or self.verbs.at(words, end + 1)
                and words[end + 1] not in ("put", "drew", "wrote", "would", "chose", "picked")
            ):  # not "pushed it away and put his hands over his ears"
                break  # "... her mother and stated that she would like ...": said again
            if end > k and words[end] in _SPLIT_PRONOUNS and end + 1 < limit and (
                self.verbs.at(words, end + 1)
            ):
                break  # no marks at all: "her sketchbook she said she's happy here"
            if end > k + 2 and _unmarked(doc) and words[end] in _SPLIT_PRONOUNS | {"and"} and (
                words[end + 1 : end + 2] and words[end + 1] in _FINITE
                or words[end : end + 1] == ["and"] and words[end + 1 : end + 2]
                and words[end + 1] in _SPLIT_PRONOUNS
            ):
                break  # speech software wrote no marks: "... her new teacher she was not ..."
            end += 1
        return end

    def _split(self, doc, a: int, b: int) -> list[tuple[int, int]]:
        """One snippet per thing said: at "and she", "but he", and before a long quotation."""
        u = units(doc)
        words = folded(doc)
        cuts = [a]
        for k in range(a + 1, b - 1):
            if u.quoted[k]:
                continue
            if words[k] in ("and", "but") and words[k + 1] in _SPLIT_PRONOUNS and k - cuts[-1] >= 3:
                rest = next((x for x in range(k + 1, b) if words[x] in (",", ";", ".")), b) - k
                if rest > 4:
                    cuts.append(k)  # not "and he doesn't": too short to be a thing said
            elif words[k] in ("and", "but") and doc[k + 1].text in _QUOTE_MARKS:
                quote = next((q for q in u.quotes if q[0] - 1 == k + 1), None)
                if quote and quote[1] - quote[0] >= 3 and k - cuts[-1] >= 4:
                    cuts.append(k)
        cuts.append(b)
        pieces = []
        for x, y in zip(cuts, cuts[1:], strict=False):
            if words[x] in ("and", "but"):
                x += 1
            if y > x:
                pieces.append((x, y))
        return pieces


_FINITE = {"is", "was", "has", "had", "will", "does", "did", "can", "cannot", "can't",
           "doesn't", "didn't", "isn't", "wasn't", "would", "could"}


def _unmarked(doc) -> bool:
    """A dictation written with hardly a full stop: speech software that wrote no marks."""
    cached = doc.user_data.get("recorder_unmarked")
    if cached is None:
        stops = sum(1 for t in doc if t.text in (".", "!", "?", "\n", "\n\n"))
        cached = len(doc) > 30 and stops * 40 < len(doc)
        doc.user_data["recorder_unmarked"] = cached
    return cached


def _clean(text: str) -> str:
    text = text.strip().strip(",;:").strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]  # “I don't want him to come back.”: the mark is not the child's
    for tail in (" and", " but"):  # "she misses her mum but" “Mum's always late”
        if text.casefold().endswith(tail):
            text = text[: -len(tail)].rstrip(" ,")
    if text[:1] in _QUOTE_MARKS and text[-1:] in _QUOTE_MARKS and text.count('"') <= 2:
        text = text[1:-1]
    return text.strip()
