"""``recorder_actions``: who agreed to do what, by when.

An action needs a commitment ("I will", "mum agreed to", "the HV is seeing
him on Tuesday") and someone the record knows to own it: the worker, a family
member, a professional, or the family together. Anything less certain is left
out: a missed action costs the worker a minute, an invented one can cost a
family far more. Due dates come only from the action's own words.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from recorder.dictation.components.dates import said_dates
from recorder.dictation.components.people import Mention, mentions, resolve
from recorder.dictation.draft import Action
from recorder.dictation.findings import add, lexicon_at, token_span
from recorder.dictation.phrases import PhraseTable, folded
from recorder.dictation.units import units
from recorder.domain.dates import uk_date

_DETERMINERS = {"a", "an", "the", "this", "that", "his", "her", "their", "my", "our", "some"}
_BREAK = {"and", "but", "that", "if", "when", "because", "so", "who", "which", "said", "told",
          "says", "will", "to", "is", "was", "has", "had", "are", "were", "while", "as"}
_OBJECT_PRONOUNS = {"him", "her", "them"}
_BULLETS = {"-", "–", "—", "•", "*", ";"}
"""Marks that open an item in a list written on one line: "Actions - Nora to walk her in
- SW to ring the council"."""


def _after_bullet(words: list[str], k: int) -> bool:
    """Whether the words at ``k`` open an item after a bullet ("- the HV to weigh her")."""
    if k and words[k - 1] == "the":
        k -= 1
    if k >= 2 and words[k - 1] == ")" and (words[k - 2].isdigit() or (
        len(words[k - 2]) == 1 and words[k - 2].isalpha()
    )):
        return True  # "(1) SW to ...", "2) Mum to ...", "a) ..."
    return k > 0 and words[k - 1] in _BULLETS


_A_ROUTINE = {"the", "a", "her", "his", "their", "our", "new", "morning", "bedtime", "evening",
              "night", "daily", "school", "sleep", "settling"}
_FINITE_AFTER_COMMA = {"is", "was", "are", "were", "will", "has", "have", "had"}
"""A comma, then a subject and one of these: a new clause ("..., the conference is ...")."""
_PLACES = {"school", "church", "college", "work", "parties", "nursery", "mosque", "park",
           "football", "bed", "clubs", "town", "court", "hospital", "prison"}
_FEARS = {"scared", "afraid", "frightened", "worried", "fears", "feared", "terrified",
          "worries", "panics"}
_PARTICIPLES = {"told", "seen", "kept", "made", "given", "sent", "put", "held", "paid", "shown",
                "taken", "done", "found", "brought", "bought", "met", "heard"}


def _participle(word: str) -> bool:
    return word in _PARTICIPLES or (len(word) > 4 and word.endswith(("ed", "en")))


_VERBS = {"said", "says", "will", "is", "was", "has", "had", "can", "could", "would", "did"}
_STATUS_WORDS = {"offered": "only offered", "considered": "only being thought about",
                 "conditional": "only if something happens", "routine": "their own routine",
                 "withdrawn": "put off, withdrawn or already done"}


@Language.factory("recorder_actions", default_config={"folder": ""})
def make_actions(nlp: Language, name: str, folder: str) -> ActionFinder:
    return ActionFinder(nlp, folder)


def _past_brackets(words: list[str], k: int, e: int) -> int:
    """Where the words go on after a bracket at ``k`` ("Kasia Lis (FSW) to ..."), or ``k``."""
    if k < e and words[k] == ")":
        return k + 1  # the mention took in its own bracket's words: "Kasia Lis (FSW"
    if k < e and words[k] == "(":
        close = next((j for j in range(k + 1, min(e, k + 9)) if words[j] == ")"), None)
        if close is not None:
            return close + 1
    return k


def _mine(words: list[str], s: int, e: int, taken: set[int]):
    """A terse note's own to-do, "- me: env health referral w/c 19/10": an item that opens
    with "me" and a colon or a dash is the worker's."""
    found = []
    for k in range(s, e - 2):
        opens = k == s or _after_bullet(words, k)
        if opens and words[k] == "me" and words[k + 1] in (":", "-", "–") and k not in taken:
            found.append((k, k + 1, k + 2, "commit", "worker", ""))
    return found


class ActionFinder:
    def __init__(self, nlp: Language, folder: str) -> None:
        all_cues = lexicon_at(folder).cues
        cues = all_cues["actions"]
        self.table = PhraseTable.over(nlp, (
            (kind, cues[kind]) for kind in (
                "commit", "scheduled", "asked_of_worker", "offered", "commit_once_agreed"
            )
        ))
        self.considered = PhraseTable.over(nlp, [("considered", cues["considered"])])
        self.hedges = set(cues["hedges"])
        self.status_words = PhraseTable.over(nlp, [
            ("conditional", cues["conditional_after"]),
            ("routine", cues["routine"]),
            ("withdrawn", cues["withdrawn"]),
        ])
        self.alone = PhraseTable.over(nlp, [("alone", all_cues["seen_alone"]["alone"])])
        self.heads = PhraseTable.over(nlp, [("head", cues["list_heads"])])
        self.imperative = set(cues["imperative"])
        self.negative = set(cues["negative"])
        self.conditional = set(cues["conditional"])

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.context
        if context is None or not len(doc):
            return doc
        u = units(doc)
        words = folded(doc)
        said = [m for m in mentions(doc) if not m.quoted]
        commitments = []
        cue_at = [i for i, _, _ in self.table.find(words)]
        for i, j, kind in self.table.find(words):
            if u.quoted[i]:
                continue
            owner = self._owner(doc, said, i, kind)
            if owner is None and kind == "commit" and i > 0 and words[i - 1] == "and" and (
                words[i] in ("will", "shall")
            ) and commitments and commitments[-1][4] == "worker" and (
                u.sentence_of(commitments[-1][1]) == u.sentence_of(i)
            ) and not any(commitments[-1][1] < c < i for c in cue_at):
                # "I shall convene a strategy meeting by Friday, and shall request a return
                # home interview": the worker's own next step
                owner = (i, "worker")
            if owner is None and kind == "commit":
                owner = self._passive_owner(doc, said, u, i, j)
                if owner is not None:  # "A CIN meeting will be convened by the writer"
                    start, who = owner
                    commitments.append((start, start, start, kind, who, ""))
                continue
            if owner is None:
                continue
            start, who = owner
            if words[j - 1] in ("would", "'d") and j < len(doc) and words[j] in (
                "like", "love", "prefer", "rather", "hate"
            ):
                continue  # "he would like to see Bilal after school": a wish, not agreed
            if kind == "commit_once_agreed":
                if "agreed" not in words[u.sentence_of(i)[0] : start]:
                    continue
                kind = "commit"
            if words[i:j][-1:] == ["that"] and j < len(doc) and words[j] not in ("i", "we"):
                continue
            if words[i:j][-1:] == ["that"] and j < len(doc) and words[j] in ("i", "we"):
                start, who, j = i, "worker", j + 1
                while j < len(doc) and words[j] in ("can", "could", "will", "would", "should"):
                    j += 1
            if j < len(doc) and words[j] in self.negative and not (
                "agreed" in words[i:j] and j + 1 < len(doc) and words[j + 1] == "to"
            ):  # "agreed not to leave the children alone" is agreed; "will not" is not
                continue
            if kind == "commit" and words[i] in ("will", "'ll") and j < len(doc) and words[j] in (
                "be", "have"
            ) and j + 1 < len(doc) and words[j + 1] in ("able", "happy", "fine"):
                continue
            if kind == "commit" and words[j - 1] == "to" and j < len(doc) and (
                words[j] in _DETERMINERS or (words[j - 2] == "going" and words[j] in _PLACES)
            ):
                continue  # "going to parties": a place, not a thing to do
            if j + 1 < len(doc) and words[j] == "be" and _participle(words[j + 1]) and not (
                j + 2 < len(doc) and words[j + 2] == "by"
            ):
                continue  # "an interpreter will be booked", "the SSW must be told": done to
            if context.is_child_id(who) and any(
                w in ("said", "says", "stated", "told", "explained", "saying")
                for w in words[u.sentence_of(start)[0] : start]
            ):
                continue  # "He said that he would go in more if ...": a child's wish, not agreed
            if any(w in _FEARS for w in words[u.clause_of(start)[0] : start]):
                continue  # "she is scared Nikola will run away": feared, not agreed
            if "agreed" in words[i:j] and j + 1 < len(doc) and words[j] in (
                "speak", "talk", "chat"
            ) and words[j + 1] in ("to", "with") and j + 2 < len(doc) and words[j + 2] in (
                "me", "sw", "us", "the"
            ):
                continue  # "she agreed to speak to SW": the interview itself, now
            status = "offered" if kind == "offered" else ""
            if start > 0 and words[start - 1] in self.conditional or self._if_first(
                words, u, start, cue_at
            ):
                status = "conditional"
            commitments.append((start, i, j, kind, who, status))
        commitments.extend(self._listed(doc, said, {c[0] for c in commitments}))
        commitments.extend(self._next_visit(doc, u, said, commitments))
        commitments.sort()
        kept: list[tuple] = []
        for start, i, j, kind, who, status in commitments:
            if kept:
                p_start, p_i, p_j, p_kind, p_who, _ = kept[-1]
                same_sentence = u.sentence_of(p_i) == u.sentence_of(i)
                if same_sentence and "agreed" in words[p_i:p_j] and not self._separate(doc, start):
                    continue
            kept.append((start, i, j, kind, who, status))
        spans = []
        for n, (start, i, j, kind, who, status) in enumerate(kept):
            end = u.sentence_of(i)[1]
            if n + 1 < len(kept) and kept[n + 1][0] < end:
                end = kept[n + 1][0]
            spans.append((start, i, j, kind, who, status, end))
        previous: dict | None = None
        offers: list[dict] = []
        for start, i, j, kind, who, status, end in spans:
            end = self._trim(doc, j, end)
            if end <= j:
                continue
            dated = [d for d in said_dates(doc) if j <= d.start < end]
            ahead = [d for d in dated if d.forward is not None]
            # "send the invites for the review on 10 December by Friday": due by Friday
            due = next((d for d in ahead if words[d.start - 1] == "by"), None) or next(
                (d for d in ahead if not d.relative), ahead[0] if ahead else None)
            status = status or self._status(words, start, i, j, end, who)
            if kind == "scheduled" and due is None:
                continue
            seeing = ("be", "seen", "see", "speak", "talk", "meet", "chat")
            if "agreed" in words[i:j] and any(True for _ in self.alone.find(words, j, end)) and (
                any(w in seeing for w in words[j:end])
            ):
                continue  # agreeing to be seen alone; "agreed not to leave them alone" stays
            if kind == "asked_of_worker":
                who = "worker"
            text = self._wording(doc, j, end, kind)
            if words[j - 2 : j] == ["not", "to"]:  # "agreed not to leave them alone"
                text = "Not to " + text[:1].lower() + text[1:]
            if len(text.split()) < 2:
                continue
            if (
                words[j : j + 2] in (["do", "it"], ["do", "that"], ["do", "this"])
                and previous is not None
                and previous["who"] == who
                and u.sentence_of(previous["i"]) == u.sentence_of(i)
            ):
                if due is not None and previous["finding"].value.due is None:
                    earlier = previous["finding"]
                    earlier.value = Action(earlier.value.owner, due.forward, earlier.value.text)
                    earlier.label += f", by {uk_date(due.forward)}"
                    earlier.spans.append(token_span(doc, start, end))
                continue
            offer = next((o for o in reversed(offers) if o["who"] == who and (
                u.sentence_index(i) - u.sentence_index(o["i"]) <= 1)), None)
            if not status and offer is not None and words[j + 1 : j + 2] in (["it"], ["this"],
                                                                              ["that"]):
                # "I offered to write a letter ... so I will write it by Friday": taken up
                earlier = offer["finding"]
                action = Action(who, due.forward if due else None, earlier.value.text)
                earlier.value, earlier.status = action, ""
                earlier.label = self._label(context, action)
                earlier.spans.append(token_span(doc, start, end))
                offers.remove(offer)
                continue
            action = Action(owner=who, due=due.forward if due else None, text=text)
            label = self._label(context, action)
            if status:
                label += f" ({_STATUS_WORDS.get(status, status)}; not drafted)"
            found = add(doc, "actions", action, label, token_span(doc, start, end))
            found.status = status
            if status == "offered":
                offers.append({"who": who, "i": i, "finding": found})
            if not status:
                previous = {"who": who, "i": i, "finding": found}
        return doc

    def _label(self, context, action: Action) -> str:
        when = f", by {uk_date(action.due)}" if action.due else ""
        return f"{self._owner_name(context, action.owner)}: {action.text}{when}"

    def _status(self, words, start: int, i: int, j: int, end: int, who: str) -> str:
        """Why an action with an owner and a commitment is still not agreed, or ""."""
        if any(w in self.hedges for w in words[start:i]) or self.considered.at(words, j, end):
            # "Martin will offer Zain a mentor": an offer is not yet agreed
            return "offered" if words[j] in ("offer", "suggest") else "considered"
        for k, _, status in self.status_words.find(words, j, end):
            if status == "routine" and words[k] == "routine" and (
                k + 1 >= end or not words[k + 1].isalpha() or words[k - 1] in _A_ROUTINE
            ):
                continue  # "sessions on the morning routine": a routine to work on, not usual
            if status != "routine" or who != "worker":
                return status
        return ""

    def _if_first(self, words, u, start: int, cues: list[int]) -> bool:
        """ "If she stays out again, mum will ring the police": the commitment hangs on an if.
        Not "mum agreed to call 999 if dad comes, and I will refer": that if is mum's."""
        s0 = u.sentence_of(start)[0]
        ifs = [k for k in range(s0, start) if words[k] in ("if", "unless", "should")
               and not u.quoted[k]
               and not (k > 0 and words[k - 1] in ("asked", "ask", "see", "check", "know"))]
        if not ifs or any(s0 <= c < ifs[-1] for c in cues):
            return False
        k = start - 1
        while k > ifs[-1] and words[k] == ",":
            k -= 1
        return words[k] not in ("and", "but", "so", "also", ";")

    def _separate(self, doc, start: int) -> bool:
        words = folded(doc)
        return start > 0 and words[start - 1] in (",", "and", ";")

    def _owner(self, doc, said: list[Mention], i: int, kind: str):
        """(where the owner starts, who) for the commitment at ``i``, or None."""
        words = folded(doc)
        if kind == "asked_of_worker":
            before = [m for m in said if m.end <= i and i - m.end <= 1]
            if not before or before[-1].kind in ("worker", "pronoun"):
                return None
            return (before[-1].start, "worker")
        before = [m for m in said if m.end <= i]
        if not before:
            return None
        m = before[-1]
        gap = words[m.end : i]
        if len(gap) > 6 or any(w in _BREAK for w in gap) or any(w in (".", ";") for w in gap):
            return None
        group = [m]
        k = len(before) - 2
        while k >= 0 and all(g.kind in ("person", "group") and g.ids for g in group):
            prev = before[k]
            between = words[prev.end : group[0].start]
            if between in (["and"], [",", "and"]) and prev.kind in ("person", "group") and prev.ids:
                group.insert(0, prev)
                k -= 1
            else:
                break
        if len(group) > 1:
            return (group[0].start, "family")
        if m.kind == "worker":
            plain = words[m.start] in ("i", "we", "sw", "the", "this")
            return (m.start, "worker") if plain else None
        if m.kind == "group":
            together = ("family", "parents", "carers", "everyone")  # "the whole family are"
            return (m.start, "family") if m.group in together else None
        if m.kind == "pronoun":
            if m.gender == "plural":
                return None
            who = resolve(doc, m.start, gender=m.gender)
            return (m.start, who.one) if who is not None else None
        if m.possessive and not (m.end == i and words[i] in ("'s", "’s")):
            return None  # "Dad's going to go": "'s" is "is" or "has" here, not whose
        if m.object or m.one is None:
            return None  # "family time with Jolene will go up": Jolene is not the owner
        return (m.start, m.one)

    def _passive_owner(self, doc, said: list[Mention], u, i: int, j: int):
        """ "A Child in Need meeting will be convened by the writer next Thursday": the
        owner comes after "by"; the action's words start with the sentence's clause."""
        words = folded(doc)
        if j + 1 >= len(doc) or words[j] != "be" or not words[j + 1].endswith(("ed", "en")):
            return None
        k = j + 2
        if k >= len(doc) or words[k] != "by":
            return None
        m = next((m for m in said if m.start == k + 1), None)
        if m is None:
            return None
        who = {"worker": "worker", "group": "family"}.get(m.kind, m.one)
        if not who or (m.kind == "group" and m.group not in ("family", "parents", "carers")):
            return None
        c0 = u.clause_of(i)[0]
        if any(x.start < i and x.start >= c0 for x in said):
            return None  # someone else in the clause: "Mum's benefits will be paid by DWP"
        return (c0, who)

    def _next_visit(self, doc, u, said, commitments):
        """ "The next statutory visit will take place on Thursday 9 July", "next CP visit
        2/52": the worker's next visit, when a day is given and nobody else is said to
        be making it (not "the HV's next visit is on Tuesday")."""
        words = folded(doc)
        taken = {u.sentence_of(c[1]) for c in commitments}
        found = []
        for s, e in u.sentences:
            if (s, e) in taken:
                continue
            for k in range(s, e):
                if words[k] != "next" or u.quoted[k]:
                    continue
                visit = next((v for v in range(k + 1, min(k + 4, e)) if words[v] in (
                    "visit", "home", "statutory"
                ) and "visit" in words[v : v + 2]), None)
                if visit is None:
                    continue
                if any(s <= m.start < k and m.kind != "worker" for m in said):
                    continue
                if not any(k < d.start < e and d.forward is not None for d in said_dates(doc)):
                    continue
                start = s if words[s] in ("the", "next") else k
                found.append((start, start, start, "commit", "worker", ""))
                break
        return found

    def _listed(self, doc, said, taken: set[int]):
        """In a list of actions, "Ms Quinn to hold a meeting" is an action too; so is a
        sentence that opens so anywhere, as terse notes write them ("Ottilie to do the
        2 year check."), where a word in lower case follows "to" ("Mum to Leeds on
        Friday" is no action)."""
        u = units(doc)
        words = folded(doc)
        found = []
        listing = False
        for s, e in u.sentences:
            head = self.heads.at(words, s, e)
            if not head and listing:
                head = (0, "head")  # "Actions: SW to send the plan. Mum to ring the GP."
            opening_only = not head
            if head:
                listing = True
            for m in said:
                if not (s <= m.start < e) or m.start in taken or m.kind not in (
                    "person", "professional", "group", "worker"
                ):
                    continue
                bracketed = "(" in words[max(s, m.start - 2) : m.start] and words.index(
                    "(", max(s, m.start - 2)) <= s + 3  # "Day team (TM Wendy Rudd) to chair"
                pair = next((p for p in said if p.end == m.start - 1 and p.start >= s
                             and words[p.end] in ("and", "+", "&")
                             and p.kind == "person" and p.one), None)
                first = pair.start if pair is not None and m.kind == "person" else m.start
                opens = first == s or (first == s + 1 and words[s] == "the") or (
                    m.kind == "worker" and words[m.start - 1] in (",", ";")
                ) or _after_bullet(words, first) or bracketed  # "HV saw Zuzia, SW to chase HV"
                to = _past_brackets(words, m.end, e)  # "Kasia Lis (Family Support Worker) to"
                if opening_only and (not opens or to + 1 >= e or not doc[to + 1].text.islower()):
                    continue
                if words[to : to + 2] == ["not", "to"] and not opening_only:
                    to += 1  # a safety plan's "Joana not to tell Rui the address"
                if to < e and words[to] == "to" and (
                    opening_only or m.start == s + head[0]
                    or words[m.start - 1] in (",", "and", ":") or _after_bullet(words, m.start)
                    or bracketed
                ):
                    if to + 1 < e and words[to + 1] not in _DETERMINERS:
                        owner = {"group": "family", "worker": "worker"}.get(m.kind, m.one)
                        start = first
                        if first != m.start:
                            owner = "family"  # "Kofi and Kobby to do the walk together"
                        if owner and start not in taken:
                            found.append((start, to, to + 1, "commit", owner, ""))
            if head:
                found.extend(self._imperatives(words, s, e, head, taken | {f[0] for f in found}))
            found.extend(_mine(words, s, e, taken | {f[0] for f in found}))
        return found

    def _imperatives(self, words, s: int, e: int, head, taken: set[int]):
        """In a list of actions, an item that opens with a verb and names nobody is the
        worker's own: "Actions: - Email Lisa (CPN) today. - Return visit tomorrow." """
        starts = {k + 1 for k in range(s, e - 1) if words[k] in _BULLETS}
        after = s + head[0]
        if after < e and words[after] in (":", "-", "–", ",", ";", "\n"):
            starts.add(after)  # "Actions: email the HV", not "Plan home visit to Niko"
        if head[1] == "head" and head[0]:
            starts.add(s)  # a sentence in a list already headed
        found = []
        for k in sorted(starts):
            while k < e and words[k] in (":", ",", *_BULLETS):
                k += 1
            if k < e and k not in taken and words[k] in self.imperative:
                found.append((k, k, k, "commit", "worker", ""))
        return found

    def _trim(self, doc, j: int, end: int) -> int:
        words = folded(doc)
        stop = next(
            (
                k for k in range(j, end)
                if words[k] == ";" or (words[k] == "," and k + 1 < end and words[k + 1] == "i")
            ),
            None,
        )
        if stop is not None:
            end = stop
        for k in range(j + 2, end - 2):  # "... revert back to me, the conference is preponed"
            if words[k] == "," and any(
                w in _FINITE_AFTER_COMMA for w in words[k + 2 : min(k + 6, end)]
            ) and words[k + 1] not in ("and", "or", "so", "to", "which", "who", "as"):
                end = k
                break
        # "ring Nasreen today, Kieran from the virtual school will look at ...": after a
        # comma, someone else's own step
        for k in range(j + 2, end - 2):
            if words[k] != ",":
                continue
            m = next((m for m in mentions(doc) if m.start in (k + 1, k + 2) and not m.possessive
                      and m.kind in ("person", "professional", "worker")), None)
            if m is not None and any(w in ("will", "shall", "'ll", "agreed")
                                     for w in words[m.end : min(m.end + 6, end)]):
                end = k
                break
        # "... for the housing application and Nasrin accepted": someone else's next clause
        for k in range(j + 2, end - 1):
            if words[k] == "and" and any(m.start == k + 1 and m.kind in ("person", "pronoun")
                                         and not m.possessive for m in mentions(doc)):
                after = next((m.end for m in mentions(doc) if m.start == k + 1), k + 2)
                if after < end and (words[after].endswith("ed") or words[after] in _VERBS):
                    end = k
                    break
        while end > j and (
            words[end - 1] in (",", ".", "and", ";", ":", "!", "?", "but")
            or (words[end - 1] == "that" and end - 2 > j and words[end - 2] in (",", "and"))
        ):  # "... pass on Jax's number, and that [the writer would ...]"
            end -= 1
        return end

    def _wording(self, doc, j: int, end: int, kind: str) -> str:
        """The action in words for the record: "Ring the social worker before ..."."""
        words = folded(doc)
        context = doc._.context
        parts = []
        k = j
        if kind == "scheduled":
            k = j - 1
        while k < end:
            t = doc[k]
            w = words[k]
            if w in ("me", "myself") and not units(doc).quoted[k]:
                parts.append("the social worker" + t.whitespace_)
            elif w in ("my",):
                parts.append("the social worker's" + t.whitespace_)
            elif w in _OBJECT_PRONOUNS and w != "them":
                m = next((x for x in mentions(doc) if x.start == k and x.kind == "pronoun"), None)
                who = resolve(doc, k, gender=m.gender) if m else None
                name = self._owner_name(context, who.one) if who and who.one else None
                nxt = words[k + 1] if k + 1 < len(doc) else ""
                if name and (w == "him" or nxt in ("to", ".", ",", "about", "know", "on", "")):
                    parts.append(name + t.whitespace_)
                else:
                    parts.append(t.text_with_ws)
            else:
                parts.append(t.text_with_ws)
            k += 1
        text = "".join(parts).strip()
        if kind == "scheduled":
            text = text[:1].lower() + text[1:]
        return text[:1].upper() + text[1:]

    def _owner_name(self, context, who: str) -> str:
        if who == "worker":
            return context.worker_name or "The social worker"
        if who == "family":
            return "The family"
        person = context.person(who)
        if person is not None:
            return person.name
        pro = context.professional(who)
        if pro is not None:
            return f"{pro.name} ({pro.role})" if pro.role else pro.name
        return who
