"""``recorder_presence``: who was at the visit, who was not, and which children were seen alone.

Clause by clause: a person named before "was home" was there, before "was at
work" was not; "present were" heads a list. Children the visit was to are
taken as there unless the dictation says otherwise. A child is seen alone
only where the worker says so, and not where it is denied ("did not want to
talk on his own") or still to come ("I will see them on their own").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from recorder.dictation.components.people import Mention, mentions, resolve
from recorder.dictation.findings import add, lexicon_at, token_span
from recorder.dictation.phrases import PhraseTable, folded
from recorder.dictation.units import units

_STRONG, _WEAK, _DEFAULT = 3, 2, 1


@Language.factory("recorder_presence", default_config={"folder": ""})
def make_presence(nlp: Language, name: str, folder: str) -> PresenceFinder:
    return PresenceFinder(nlp, folder)


class PresenceFinder:
    def __init__(self, nlp: Language, folder: str) -> None:
        cues = lexicon_at(folder).cues
        self.table = PhraseTable.over(nlp, (
            (kind, cues["presence"][kind])
            for kind in ("there", "away", "list_lead", "no_access", "remote", "spoke",
                         "there_terse")
        ))
        self.leads_at_start = PhraseTable.over(nlp, [
            ("list_lead", cues["presence"].get("list_lead_at_start", ()))
        ])
        self.alone = PhraseTable.over(nlp, (
            (kind, cues["seen_alone"][kind])
            for kind in ("alone", "with_me", "contact", "not_done", "not_yet")
        ))
        self.visit_words = PhraseTable.over(nlp, [("visit", cues["visit"]["words"])])
        self.speech = PhraseTable.over(nlp, [("said", cues["speech"]["verbs"])])

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.context
        if context is None or not len(doc):
            return doc
        u = units(doc)
        words = folded(doc)
        said = [m for m in mentions(doc) if not m.quoted]
        status: dict[str, tuple[int, bool, tuple[int, int]]] = {}

        def mark(person_id: str, there: bool, strength: int, span: tuple[int, int]) -> None:
            old = status.get(person_id)
            if old is not None and old[1] and old[0] >= _STRONG and not there:
                return
            if old is None or strength > old[0] or (strength == old[0] and there):
                status[person_id] = (strength, there, span)

        no_access = False
        for s, e in u.sentences:
            cues = list(self.table.find(words, s, e))
            if any(kind == "no_access" for _, _, kind in cues):
                no_access = True
            self._sentence(doc, s, e, said, cues, mark)

        people = {p.id: p for p in context.people}
        if no_access and (self._let_in(words) or self._seen_alone(doc, said)):
            no_access = False  # "knocked on her bedroom door, no answer": we were let in
        if no_access:  # nobody answered: nobody was seen, whatever else is said of them
            status = {pid: st for pid, st in status.items() if not st[1]}
        visited = self._visited_children(doc, said)
        for person in context.people:
            is_subject = person.relationship.casefold() == "subject child"
            if (is_subject or person.id in visited) and not no_access:
                span = visited.get(person.id) or self._first_mention(doc, said, person.id)
                if span is not None:  # the child is at least named: the words are the evidence
                    mark(person.id, True, _DEFAULT, span)

        alone = self._seen_alone(doc, said)
        for person_id, span in alone.items():
            mark(person_id, True, _STRONG, span)
            add(
                doc,
                "seen_alone",
                person_id,
                f"Seen alone: {people[person_id].name}",
                token_span(doc, *span),
            )
        for person_id, (strength, there, span) in status.items():
            if person_id not in people:
                continue
            person = people[person_id]
            if there:
                found = add(
                    doc,
                    "present",
                    person_id,
                    f"Present: {person.name} ({person.relationship})"
                    + (" (named for the visit; not said to be there)" if strength == _DEFAULT
                       else ""),
                    token_span(doc, *span),
                )
                found.inferred = strength == _DEFAULT
            elif strength >= _WEAK:
                add(
                    doc,
                    "absent",
                    person_id,
                    f"Not there: {person.name} ({person.relationship})",
                    token_span(doc, *span),
                )
        return doc

    def _sentence(self, doc, s, e, said, cues, mark) -> None:
        u = units(doc)
        words = folded(doc)
        in_sentence = [m for m in said if s <= m.start < e and m.kind in ("person", "group")]
        lead = next((c for c in cues if c[2] == "list_lead"), None)
        if lead is None:
            # "Present Mum, Nan and Jo.": the colon not typed, or not said in dictation.
            starts = {m.start for m in in_sentence}
            lead = next(
                (c for c in self.leads_at_start.find(folded(doc), s, e)
                 if c[0] == s and c[1] in starts),
                None,
            )  # fmt: skip
            if lead is not None:  # the lead's "present" is not also a clause's "present"
                cues = [c for c in cues if not lead[0] <= c[0] < lead[1]]
        clauses = [c for c in u.clauses if s <= c[0] < e]
        pending: list[Mention] = []
        listing = lead is not None
        for c0, c1 in clauses:
            here = [m for m in in_sentence if c0 <= m.start < c1 and not m.possessive]
            clause_cues = [c for c in cues if c0 <= c[0] < c1 and c[2] in (
                "there", "away", "there_terse")]
            if listing and lead[0] >= c1:
                continue
            if listing and all(c[2] != "away" for c in clause_cues):
                # "Present were Angharad the nurse in charge, dad Declan and myself": a
                # word of being there inside the list ("in charge") does not end it
                for m in here:
                    if m.start >= lead[1] or lead[0] < c0:
                        for pid in m.ids:
                            mark(pid, True, _STRONG, (lead[0], m.end))
                continue
            if not clause_cues:
                spoke = [c for c in cues if c0 <= c[0] < c1 and c[2] == "spoke"]
                remote = any(c0 <= c[0] < c1 and c[2] == "remote" for c in cues)
                for m in here:
                    follows = next((c for c in spoke if c[0] == m.end), None)
                    if follows and not remote and m.kind == "person":
                        for pid in m.ids:
                            mark(pid, True, _WEAK, (m.start, follows[1]))
                covered = {k for m in here + pending for k in range(m.start, m.end)}
                bare = all(
                    k in covered or doc[k].text.casefold() in (
                        "and", "both", "the", "all", "her", "his", "their"
                    ) for k in range(c0, c1)
                )  # a name after a comma may be the end of the last clause's mention
                if (here or pending) and bare:
                    pending.extend(here)
                else:
                    pending = []
                continue
            owners = list(pending)
            pending = []
            barriers = [m for m in mentions(doc) if c0 <= m.start < c1 and m.kind in (
                "person", "group", "pronoun", "worker", "professional") and not m.quoted]
            chains: list[list[Mention]] = []
            for m in barriers:
                joined = chains and [
                    t.text.casefold() for t in doc[chains[-1][-1].end : m.start]
                ] in ([], ["and"], [","], [",", "and"], ["and", "both"], ["'s"], ["’s"], ["+"],
                      ["&"], ["+", "both"], ["&", "both"], [",", "both"], ["and", "all"],
                      ["("], [")", "+"], [")", "and"], [")", ","], [")", "&"])  # "m (Jo) + Zuzia"
                if joined:
                    chains[-1].append(m)
                else:
                    chains.append([m])
            if owners and not chains and clause_cues and clause_cues[0][0] == c0:
                # "Jade's brother, Darrell, came in at the end": named, then the cue
                for m in owners:
                    for pid in m.ids:
                        there = clause_cues[0][2] != "away"
                        mark(pid, there, _STRONG, (m.start, clause_cues[0][1]))
                owners = []
            for n, chain in enumerate(chains):
                nxt = chains[n + 1][0].start if n + 1 < len(chains) else c1
                cue = next((c for c in clause_cues if chain[-1].end <= c[0] < nxt), None)
                if cue is None:
                    continue
                if any(self.speech.at(words, k) for k in range(chain[-1].end, cue[0])):
                    continue  # "m says at work": where someone else is, as she says
                if cue[2] == "there_terse" and not (
                    cue[0] == chain[-1].end and chain[0].start <= c0 + 1
                ):
                    continue  # "visit Kayleigh at home" is not a list of who was in
                there = cue[2] in ("there", "there_terse")
                if there and any(c0 <= c[0] < c1 and c[2] == "remote" for c in cues):
                    there = False  # "joined us by video call": spoke, was not there
                named = [m for m in chain if m.kind in ("person", "group") and not m.possessive]
                for m in owners + named:
                    for pid in m.ids:
                        mark(pid, there, _STRONG, (m.start, cue[1]))
                owners = []
                if there and n + 1 < len(chains):
                    gap = [t.text.casefold() for t in doc[cue[1] : nxt]]
                    if "with" in gap:
                        for m in chains[n + 1]:
                            if m.kind in ("person", "group"):
                                for pid in m.ids:
                                    mark(pid, True, _STRONG, (chain[0].start, m.end))
            listing = False

    @staticmethod
    def _let_in(words: list[str]) -> bool:
        text = " ".join(words)
        return any(p in text for p in ("let me in", "let us in", "answered the door",
                                        "opened the door", "door opened by", "door was opened"))

    def _first_mention(self, doc, said, person_id: str) -> tuple[int, int] | None:
        m = next((m for m in said if m.kind == "person" and m.ids == (person_id,)), None)
        return (m.start, m.end) if m is not None else None

    def _child_and_i(self, doc, said) -> dict[str, tuple[int, int]]:
        """ "Szymon and I walked down to the Co-op", "Sofiia and I sat in my car": a child and
        the worker off on their own, with nobody else named in the clause."""
        context = doc._.context
        u = units(doc)
        words = folded(doc)
        found: dict[str, tuple[int, int]] = {}
        for m in said:
            k = m.end
            if m.kind != "person" or not m.one or m.possessive or m.quoted or (
                words[k : k + 2] != ["and", "i"]
            ):
                continue
            if not context.is_child_id(m.one):
                continue
            c0, c1 = u.clause_of(k + 1)
            verb = next((c for c in self.alone.find(words, k + 2, min(k + 4, c1))
                         if c[2] == "contact"), None)
            if verb is None or verb[0] != k + 2:
                continue
            if any(c0 <= x.start < c1 and x is not m and x.kind in ("person", "group")
                   and not x.possessive and x.start > m.start for x in said):
                continue  # "Szymon and I went to the shop with mum"
            if any(c[2] in ("not_done", "not_yet") for c in self.alone.find(words, c0, c1)):
                continue
            found.setdefault(m.one, (m.start, verb[1]))
        return found

    def _visited_children(self, doc, said) -> dict[str, tuple[int, int]]:
        """Children named with the visit in its first sentence: "visit to Tobi and Deborah"."""
        context = doc._.context
        u = units(doc)
        words = folded(doc)
        for s, e in u.sentences[:2]:
            if not any(True for _ in self.visit_words.find(words, s, e)):
                continue
            found = {}
            listed = self._visited_list(words, said, s, e)
            for m in said:
                if s <= m.start < e and m.kind == "person" and not m.possessive:
                    for pid in m.ids:
                        person = context.person(pid)
                        if person is not None and (context.is_child(person) or m in listed):
                            found[pid] = (m.start, m.end)
            return found
        return {}

    def _visited_list(self, words, said, s: int, e: int) -> list:
        """The people a visit is to, named straight after it: "pre-birth visit to Magda and
        Bartosz at their flat" (the adults too: it is their visit)."""
        start = next((k + 1 for k in range(s, e - 1) if words[k] in ("to", ",") and k > s
                      and words[k - 1] in ("visit", "visited")), None)  # "visit, Ionela and ..."
        listed = []
        k = start
        while k is not None and k < e:
            m = next((x for x in said if x.start == k and x.kind == "person"), None)
            if m is None or m.possessive:
                break
            listed.append(m)
            k = m.end + 1 if m.end < e and words[m.end] in ("and", ",", "+", "&") else None
        return listed

    def _seen_alone(self, doc, said) -> dict[str, tuple[int, int]]:
        context = doc._.context
        u = units(doc)
        words = folded(doc)
        seen: dict[str, tuple[int, int]] = self._child_and_i(doc, said)
        for c0, c1 in u.clauses:
            # the worker's words only: a clause may open with the end of a quotation
            # ("“… Mum is happier.” I saw Dilan alone in the living room.")
            cues = [c for c in self.alone.find(words, c0, c1) if not u.quoted[c[0]]]
            alone_at = next((c for c in cues if c[2] == "with_me" and words[c[1] - 1] in (
                "and", "&")), None) or next((c for c in cues if c[2] in ("alone", "with_me")), None)
            k = u.clauses.index((c0, c1))
            if alone_at is not None and alone_at[0] == c0 and k and (
                u.clauses[k - 1][0] >= u.sentence_of(c0)[0]
            ):  # "we talked in the car, just the two of us": the clause before says who
                c0 = u.clauses[k - 1][0]
                cues = [c for c in self.alone.find(words, c0, c1) if not u.quoted[c[0]]]
            if alone_at is None or not (
                alone_at[2] == "with_me" or any(c[2] == "contact" for c in cues)
            ):
                continue
            # what comes before a "so" or "then" is another thing done ("took me out to see
            # the chickens so we had time on our own")
            turn = max((x for x in range(c0, alone_at[0]) if words[x] in ("so", "then")),
                       default=c0)
            if any(c[2] in ("not_done", "not_yet") and turn <= c[0] < alone_at[0] for c in cues):
                continue
            f = u.sentence_of(c0)[0]
            while f < c0 and words[f] in ("-", "–", "•", "*"):
                f += 1
            if words[f : f + 1] == ["me"] and words[f + 1 : f + 2] in ([":"], ["-"]):
                continue  # "- me: see kai alone at sch tmrw": the worker's to-do
            if alone_at[1] < c1 and words[alone_at[1]] == "with" and words[alone_at[0] - 1] in (
                "is", "was", "are", "were", "be", "being", "left"
            ):
                continue  # "when she is alone with her": alone with someone, not with us
            children = [
                m
                for m in said
                if c0 <= m.start < alone_at[0] and not u.quoted[m.start]
                and m.kind in ("person", "group")
                and not m.possessive
                and m.ids
                and all(context.person(p) and context.is_child(context.person(p)) for p in m.ids)
            ]
            if not children and alone_at[2] == "with_me" and words[alone_at[1] - 1] in (
                "and", "&"
            ):  # "just me & Kai"
                children = [m for m in said if m.start == alone_at[1] and m.kind == "person"
                            and context.is_child_id(m.one)]
            if not children:
                pronoun = next(
                    (
                        m
                        for m in said
                        if c0 <= m.start < alone_at[0]
                        and m.kind == "pronoun"
                        and m.gender != "plural"
                    ),
                    None,
                )
                at = pronoun.start if pronoun else alone_at[0]
                who = resolve(doc, at, children_only=True, gender=pronoun.gender if pronoun else "")
                children = [who] if who else []
            for m in children:
                for pid in m.ids:
                    seen.setdefault(pid, (c0, alone_at[1]))
        return seen
