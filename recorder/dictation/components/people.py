"""``recorder_people``: every mention of a known person, professional, the worker or a group.

Patterns are built from the family as the record knows it (first names,
known-as names, surnames after a title, relationship words) and from the
professionals (names, titles, role words such as "the HV"). A word that could
mean two people is left unresolved rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from recorder.dictation.context import DictationContext, KnownPerson
from recorder.dictation.findings import add, lexicon_at, token_span
from recorder.dictation.lexicon import Relation
from recorder.dictation.phrases import PhraseTable, folded
from recorder.dictation.units import units
from recorder.domain.names import fold, in_latin_letters

_PROFESSIONAL_TITLES = {"dr", "pc", "dc", "ds", "di", "pcso", "sgt", "sergeant", "prof", "cllr"}
_RELATION_RANK = (
    "mother",
    "father",
    "stepmother",
    "stepfather",
    "foster carer",
    "kinship carer",
    "special guardian",
    "mother's partner",
    "father's partner",
    "maternal grandmother",
    "paternal grandmother",
    "grandmother",
    "maternal grandfather",
    "paternal grandfather",
)
_PREPOSITIONS = {
    "with",
    "to",
    "at",
    "for",
    "from",
    "about",
    "by",
    "of",
    "on",
    "in",
    "into",
    "after",
    "before",
    "like",
    "than",
    "without",
    "through",
    "towards",
    "behind",
}


@dataclass
class Mention:
    start: int
    end: int
    kind: str
    """person, professional, worker, group, pronoun"""
    ids: tuple[str, ...] = ()
    group: str = ""
    gender: str = ""
    possessive: bool = False
    quoted: bool = False
    object: bool = False
    """After a preposition ("with mum"): less likely to be what a pronoun stands for."""
    extra: dict = field(default_factory=dict)

    @property
    def one(self) -> str | None:
        return self.ids[0] if len(self.ids) == 1 else None


def mentions(doc: Doc) -> list[Mention]:
    return doc._.mentions or []


@Language.factory("recorder_people", default_config={"folder": ""})
def make_people(nlp: Language, name: str, folder: str) -> PeopleFinder:
    return PeopleFinder(nlp, folder)


class PeopleFinder:
    def __init__(self, nlp: Language, folder: str) -> None:
        self.nlp = nlp
        self.lexicon = lex = lexicon_at(folder)
        self.static = PhraseTable.over(nlp, [
            *((("relation", r), r.words) for r in lex.relations),
            *((("group", group), words) for group, words in lex.groups.items()),
            (("worker",), lex.worker_words),
            *((("pronoun", gender), [pronoun]) for pronoun, gender in lex.pronouns.items()),
            (("pronoun", "plural"), ["they", "them", "their", "themselves"]),
        ])
        self._family_tables: dict[int, PhraseTable] = {}
        self._relation_words = {fold(w) for r in lex.relations for w in r.words} | {
            fold(w) for words in lex.groups.values() for w in words
        } | {"unborn", "child", "baby"}

    def family_table(self, context: DictationContext) -> PhraseTable:
        key = hash(context)
        table = self._family_tables.get(key)
        if table is not None:
            return table
        table = PhraseTable.over(self.nlp)
        names: dict[str, list[tuple[str, str]]] = {}

        def name(phrase: str, kind: str, ident: str) -> None:
            phrase = phrase.strip()
            if phrase:
                names.setdefault(fold(phrase), []).append((kind, ident))

        surnames: dict[str, list[tuple[str, str]]] = {}
        for person in context.people:
            for first in {person.first_name, person.known_as} - {""}:
                name(first, "person", person.id)
                if person.last_name:
                    name(f"{first} {person.last_name}", "person", person.id)
                for part in first.split()[1:]:  # "Lan" for Thị Lan, as the family says it
                    if len(fold(part)) >= 3 and fold(part) not in self._relation_words and (
                        not self.nlp.vocab[fold(part)].is_stop
                    ):  # not "baby" of "Unborn baby"
                        name(part, "person", person.id)
            if person.last_name:
                surnames.setdefault(fold(person.last_name), []).append(("person", person.id))
        for pro in context.professionals:
            words = pro.name.split()
            while words and fold(words[0]).rstrip(".") in self.lexicon.titles:
                words = words[1:]
            if not words:
                continue
            name(" ".join(words), "professional", pro.id)
            name(words[0], "professional", pro.id)
            if len(words) > 1:
                surnames.setdefault(fold(words[-1]), []).append(("professional", pro.id))
            for role in self.lexicon.roles:
                if fold(role.role) in fold(pro.role):
                    for alias in role.aliases:
                        name(alias, "role", pro.id)
            name(pro.role, "role", pro.id)
        if context.worker_name:
            name(context.worker_name, "worker", "worker")
        for phrase, owners in names.items():
            table.add(phrase, ("name", tuple(dict.fromkeys(owners))))
        for surname, owners in surnames.items():
            for title in self.lexicon.titles:
                table.add(f"{title} {surname}", ("surname", title, tuple(owners)))
                table.add(f"{title}. {surname}", ("surname", title, tuple(owners)))
        self._family_tables = {key: table}
        return table

    def __call__(self, doc: Doc) -> Doc:
        context: DictationContext | None = doc._.context
        found: list[Mention] = []
        if context is None:
            doc._.mentions = found
            return doc
        words = folded(doc)
        shorthand = _shorthand_for_mum(doc, words, context)
        quoted = units(doc).quoted
        family = self.family_table(context)
        i = 0
        while i < len(doc):
            hit_family = family.at(words, i)
            hit_static = self.static.at(shorthand, i)
            if hit_family and (not hit_static or hit_family[0] >= hit_static[0]):
                n, payload = hit_family
                mention = self._from_name(doc, context, i, i + n, payload)
            elif hit_static:
                n, payload = hit_static
                mention = self._from_word(doc, context, i, i + n, payload)
            elif (mention := _by_initial(doc, context, i, self.lexicon)) is not None:
                n = mention.end - i
            else:
                i += 1
                continue
            if mention is not None:
                mention.quoted = quoted[i]
                after = mention.end
                if after < len(doc) and words[after] in ("'s", "'") and mention.kind != "pronoun":
                    mention.possessive = True  # "She's five" is "she is": never whose
                k = i - 1
                while k >= 0 and words[k] in ("the", "a", "his", "her", "their", "my", "our"):
                    k -= 1
                mention.object = k >= 0 and words[k] in _PREPOSITIONS
                found.append(mention)
            i += n
        _merge_relation_and_name(found, doc)
        _name_in_latin_letters(found, doc, context)
        _learn_genders(found, doc, context, self.lexicon)
        doc._.mentions = found
        named: dict[str, list[tuple[int, int]]] = {}
        for m in found:
            if m.kind == "professional" and m.one:
                named.setdefault(m.one, []).append(token_span(doc, m.start, m.end))
        for pro_id, spans in named.items():
            pro = context.professional(pro_id)
            add(doc, "professionals", pro_id, f"Professional: {pro.name} ({pro.role})", *spans)
        return doc

    def _from_name(self, doc, context, i, j, payload) -> Mention | None:
        if payload[0] == "surname":
            _, title, owners = payload
            return _by_surname(context, i, j, title, owners, self.lexicon.titles.get(title, ""),
                               self.lexicon)
        owners = payload[1]
        if len(owners) > 1:
            people = [o for o in owners if o[0] == "person"]
            owners = people if len(people) == 1 else owners
        if len(owners) != 1:
            return None
        kind, ident = owners[0]
        if kind == "worker":
            return Mention(i, j, "worker", ("worker",))
        text = doc[i:j].text
        first = fold(doc[i].text)
        if j - i == 1 and first in self.lexicon.everyday_names and kind != "role":
            previous = fold(doc[i - 1].text) if i else ""
            if not text[:1].isupper() and previous not in self.lexicon.titles:
                return None
            if re.fullmatch(r"[A-Z]+", text) and len(text) > 2:
                return None
        if kind == "role":
            return Mention(i, j, "professional", (ident,), extra={"by_role": True})
        if kind == "professional":
            return Mention(i, j, "professional", (ident,))
        person = context.person(ident)
        return Mention(i, j, "person", (ident,), gender=_gender_of(person, self.lexicon))

    def _from_word(self, doc, context, i, j, payload) -> Mention | None:
        kind = payload[0]
        if kind == "worker":
            if fold(doc[i].text) == "i" and doc[i].text != "I" and doc.text != doc.text.lower():
                return None
            return Mention(i, j, "worker", ("worker",))
        if kind == "pronoun":
            return Mention(i, j, "pronoun", gender=payload[1])
        if kind == "group":
            return _group(doc, context, i, j, payload[1], self.lexicon)
        relation: Relation = payload[1]
        people = _relatives(context, relation)
        if len(people) != 1:
            return Mention(
                i, j, "person", (), gender=relation.gender, extra={"relation": relation.key}
            )
        return Mention(
            i,
            j,
            "person",
            (people[0].id,),
            gender=relation.gender or "",
            extra={"relation": relation.key},
        )


def _shorthand_for_mum(doc: Doc, words: list[str], context: DictationContext) -> list[str]:
    """The folded words with a hurried note's "m" ("m + Zuzia home", "m's friend") as "mum".

    Only "m" in lower case standing alone: not "5 m" (metres), nor "M" (an initial),
    except "M" opening a sentence (capitalised there by clean-up: "M to ring the GP.")
    when nobody in the family has that initial."""
    out = list(words)
    nobody_m = not any(
        fold(n)[:1] == "m" for p in context.people for n in (p.first_name, p.known_as) if n
    )
    for k, t in enumerate(doc):
        before = doc[k - 1].text if k else "."
        if t.text == "m" and not (k and (doc[k - 1].like_num or before == ".")):
            out[k] = "mum"
        elif (t.text == "M" and nobody_m and before[-1:] in ".!?\n"
              and k + 1 < len(doc) and (doc[k + 1].text[:1].islower() or doc[k + 1].text in (
                  "+", "'s", "&"))):
            out[k] = "mum"
    return out


def _by_initial(doc: Doc, context: DictationContext, i: int, lexicon) -> Mention | None:
    """A terse note's initial for someone in the family ("saw W alone", "T said"), where
    exactly one of them has a first or known-as name with that initial, or the subject
    child is one of several who have it (terse notes shorten the child's name). "I" and "A" are
    words, a letter after a title is a surname's ("Mr W"), and one before a full stop or a
    capital may be a name's own initial ("J. Smith", "J Smith")."""
    text = doc[i].text
    if len(text) != 1 or not text.isalpha() or not text.isupper():
        return None
    if (i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_
            and not doc[i + 1].whitespace_ and len(doc[i + 2].text) == 1
            and doc[i + 2].text.isupper()):  # "M-E" for Mary-Ellen
        letters = fold(text + doc[i + 2].text)
        people = [
            p for p in context.people
            if any("".join(part[:1] for part in fold(n).split("-")) == letters
                   for n in (p.first_name, p.known_as) if n and "-" in n)
        ]
        if len(people) == 1:
            person = people[0]
            return Mention(i, i + 3, "person", (person.id,), gender=_gender_of(person, lexicon))
        return None
    if text in ("I", "A"):
        return None
    if i and fold(doc[i - 1].text).rstrip(".") in lexicon.titles:
        return None
    if i + 1 < len(doc) and (doc[i + 1].text == "." or doc[i + 1].text[:1].isupper()):
        return None
    letter = fold(text)
    people = [
        p for p in context.people
        if any(fold(n)[:1] == letter for n in (p.first_name, p.known_as) if n)
    ]
    if len(people) > 1:  # "saw S alone" of Soran, the subject child, and Shilan, his mum:
        people = [p for p in people if p in context.subject_children()]  # the note's
    if len(people) != 1:
        return None
    return Mention(i, i + 1, "person", (people[0].id,), gender=_gender_of(people[0], lexicon))


def _gender_of(person: KnownPerson | None, lexicon) -> str:
    if person is None:
        return ""
    if person.gender.lower() in ("female", "male"):
        return person.gender.lower()
    words = fold(person.relationship).replace("-", " ").split()
    last = words[-1] if words else ""
    for gender, labels in lexicon.gender_words.items():
        if any(fold(label).replace("-", " ").split()[-1] == last for label in labels):
            return gender
    return ""


def _relatives(context: DictationContext, relation: Relation) -> list[KnownPerson]:
    if relation.youngest_child_under is not None:
        young = [
            p
            for p in context.children()
            if p.date_of_birth
            and (context.recorded_on - p.date_of_birth).days
            < 365.25 * relation.youngest_child_under
        ]
        return young if len(young) == 1 else []
    wanted = [fold(m) for m in relation.matches]
    found = [p for p in context.people if fold(p.relationship) in wanted]
    if len(found) > 1 and relation.gender:
        same = [p for p in found if p.gender.lower() in ("", relation.gender)]
        found = same
    return found


def _by_surname(context, i, j, title, owners, title_gender, lexicon) -> Mention | None:
    people = [context.person(ident) for kind, ident in owners if kind == "person"]
    pros = [ident for kind, ident in owners if kind == "professional"]
    if fold(title) in _PROFESSIONAL_TITLES and len(pros) == 1:
        return Mention(i, j, "professional", (pros[0],), gender=title_gender)
    adults = [p for p in people if p is not None and not context.is_child(p)]
    if title_gender in ("male", "female"):
        # "Mr Balogun" when mother and father share the name: the father
        adults = [p for p in adults if _gender_of(p, lexicon) in ("", title_gender)] or adults
    if adults:
        ranked = sorted(
            adults,
            key=lambda p: (
                _RELATION_RANK.index(fold(p.relationship))
                if fold(p.relationship) in _RELATION_RANK
                else len(_RELATION_RANK)
            ),
        )
        return Mention(i, j, "person", (ranked[0].id,), gender=title_gender)
    if len(pros) == 1:
        return Mention(i, j, "professional", (pros[0],), gender=title_gender)
    if len(people) == 1 and people[0] is not None:
        return Mention(i, j, "person", (people[0].id,), gender=title_gender)
    return None


_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "both": 2,
    "2": 2,
    "3": 3,
    "4": 4,
    "5": 5,
}


_FAMILY_AS_A_NAME = {"hub", "hubs", "centre", "center", "support", "court", "group", "groups",
                     "time", "home", "worker", "workers", "services", "service", "meeting",
                     "meetings", "network", "law", "liaison", "nurse", "partnership", "room",
                     "assessment", "practitioner", "team", "therapy", "doctor", "gp", "friend",
                     "car", "dog", "cat", "holiday", "photos", "tree"}


def _group(doc, context: DictationContext, i, j, group: str, lexicon) -> Mention | None:
    words = folded(doc)
    if group == "family" and j < len(doc) and words[j] in _FAMILY_AS_A_NAME:
        return None  # "Wendell from the family hub", "family time": a place or a thing
    start = i
    count, order = None, ""
    k = i - 1
    while (
        k >= 0
        and k >= i - 4
        and words[k]
        in (
            *_NUMBERS,
            "all",
            "the",
            "older",
            "younger",
            "eldest",
            "youngest",
            "oldest",
            "other",
            "two",
        )
    ):
        if words[k] in _NUMBERS:
            count = _NUMBERS[words[k]]
        if words[k] in ("older", "eldest", "oldest"):
            order = "older"
        if words[k] in ("younger", "youngest"):
            order = "younger"
        start = k
        k -= 1
    for w in words[i:j]:
        if w in _NUMBERS:
            count = _NUMBERS[w]
    if group == "children":
        kids = sorted(context.children(), key=lambda p: p.date_of_birth or context.recorded_on)
        if order == "older" and count:
            kids = kids[:count]
        elif order == "younger" and count:
            kids = kids[-count:]
        ids = tuple(p.id for p in kids)
    elif group == "family":
        return Mention(start, j, "group", (), group="family")
    else:
        keys = {
            "parents": ("mother", "father"),
            "carers": ("foster_carer",),
            "grandparents": ("grandmother", "grandfather"),
        }.get(group)
        if keys is None:
            ids = tuple(p.id for p in context.people)
        else:
            relations = [r for r in lexicon.relations if r.key in keys]
            ids = tuple(dict.fromkeys(p.id for r in relations for p in _relatives(context, r)))
            if group == "parents" and not ids:
                return None
    return Mention(start, j, "group", ids, group=group, gender="plural")


def _name_in_latin_letters(found: list[Mention], doc: Doc, context) -> None:
    """ "Dadi Nasreen" when the record has نسرین: the relation word finds her, and the
    name after it, her name in Latin letters, is hers too, not someone else's."""
    taken = {k for m in found for k in range(m.start, m.end)}
    for m in found:
        person = context.person(m.one) if m.kind == "person" and m.one else None
        if person is None or not m.extra.get("relation") or m.end >= len(doc) or m.possessive:
            continue
        if in_latin_letters(person.first_name):
            continue
        t = doc[m.end]
        if m.end in taken or not t.is_alpha or t.is_stop or len(t.text) < 3:
            continue
        if t.text[:1].isupper() or doc.text == doc.text.lower():
            m.end += 1
            if m.end < len(doc) and doc[m.end].text in ("'s", "'"):
                m.possessive = True


def _merge_relation_and_name(found: list[Mention], doc: Doc) -> None:
    """ "mum Chantelle", "the HV Roisin", "Kerry the FSW": one mention, named by the name."""
    k = 0
    while k + 1 < len(found):
        a, b = found[k], found[k + 1]
        gap = [t.text.casefold() for t in doc[a.end : b.start]]
        if (
            a.kind in ("person", "professional")
            and b.kind == a.kind
            and not a.possessive
            and gap in ([], ["the"], [","], [",", "the"], ["("])
            and (
                a.extra.get("relation")
                or a.extra.get("by_role")
                or b.extra.get("relation")
                or b.extra.get("by_role")
            )
        ):
            named = b if (a.extra.get("relation") or a.extra.get("by_role")) else a
            other = a if named is b else b
            agree = not other.ids or other.ids == named.ids
            if "," in gap and not agree:
                k += 1
                continue
            if named.ids or not (a.ids or b.ids):
                merged = Mention(
                    a.start,
                    b.end,
                    a.kind,
                    named.ids or a.ids or b.ids,
                    gender=named.gender or a.gender or b.gender,
                    possessive=b.possessive,
                    quoted=a.quoted,
                    object=a.object,
                )
                found[k : k + 2] = [merged]
                continue
        k += 1


def _learn_genders(found: list[Mention], doc: Doc, context, lexicon) -> None:
    """A child's "he" or "she" from the dictation itself: the pronoun that follows their name."""
    votes: dict[str, list[str]] = {}
    u = units(doc)
    for k, m in enumerate(found):
        if m.kind != "person" or m.one is None or m.quoted or m.possessive:
            continue  # "messages on Natalie's iPad from someone who said he ...": not hers
        stop = next((x.start for x in found[k + 1 :] if x.kind != "pronoun"), len(doc))
        sentence_end = u.sentence_of(m.start)[1]
        for t in doc[m.end : min(stop, sentence_end)]:
            said = t.text.casefold()
            if said in ("who", "someone", "somebody", "anyone", "nobody", "man", "woman"):
                break  # someone else comes in before the pronoun
            after = doc[t.i + 1].text.casefold() if t.i + 1 < len(doc) else "."
            if said == "him" or (said == "her" and (
                after in lexicon.pronouns or not after[:1].isalpha()
                or after in ("that", "to", "about", "if", "and", "i", "we", "they")
            )):
                continue  # an object is someone else: "Ezra had told her he ..."
            g = lexicon.pronouns.get(said)
            if g and not u.quoted[t.i]:
                votes.setdefault(m.one, []).append(g)
                break
    # the most votes, ties going to the first said (not to set order, which varies by run)
    learned = {who: max(v, key=v.count) for who, v in votes.items()}
    for m in found:
        if m.kind == "person" and m.one and not m.gender and m.one in learned:
            m.gender = learned[m.one]
    for m in found:
        if m.kind == "person" and m.one and not m.gender:
            m.gender = next((x.gender for x in found if x.one == m.one and x.gender), "")


_SUBJECT_BEFORE = {"and", "but", "so", "then", "when", "while", "because", "that", "if", "as",
                   "although", "though", "once", "after", "before", "where", "until"}
_SKIPPABLE = {"the", "a", "his", "her", "their", "my", "our", "both", "also"}


def _mentions_between(doc: Doc, start: int, end: int) -> list[Mention]:
    """Mentions starting in ``start:end``, found by bisection: long dictations stay linear."""
    import bisect

    found = mentions(doc)
    starts = doc.user_data.get("recorder_mention_starts")
    if starts is None or len(starts) != len(found):
        starts = [m.start for m in found]
        doc.user_data["recorder_mention_starts"] = starts
    return found[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


def _subject_position(doc: Doc, m: Mention) -> bool:
    """At the start of its clause or after a joining word: doing, not done to."""
    if m.object or m.possessive:
        return False
    u = units(doc)
    c0 = u.clause_of(m.start)[0]
    k = m.start - 1
    while k >= c0 and doc[k].text.casefold() in _SKIPPABLE:
        k -= 1
    return k < c0 or doc[k].text.casefold() in _SUBJECT_BEFORE


def _subordinate(doc: Doc, m: Mention) -> bool:
    """Straight after a word that opens a clause of time, reason or condition ("when mum is
    on the phone", "because dad works nights")."""
    return m.start > 0 and doc[m.start - 1].text.casefold() in _SUBORDINATORS


_SUBORDINATORS = {"when", "because", "if", "while", "whilst", "until", "till", "unless",
                  "cos", "coz", "as", "since", "once", "that"}


def resolve(doc: Doc, at: int, *, children_only: bool = False, people_only: bool = False,
            gender: str = "", _depth: int = 0) -> Mention | None:
    """What a pronoun at token ``at`` most likely stands for, or None when unclear.

    The nearest fitting name in the same sentence, preferring one that is doing
    something over one done to; else the same in the sentences before, where a
    "she" at the start of a clause stands for whoever that "she" stood for.
    """
    context: DictationContext = doc._.context
    u = units(doc)
    here = u.sentence_index(at)

    def fits(m: Mention) -> bool:
        if m.kind == "pronoun":
            return bool(gender) and m.gender == gender
        if not m.one or m.kind not in ("person", "professional"):
            return False
        if (children_only or people_only) and m.kind != "person":
            return False
        if children_only:
            person = context.person(m.one)
            if person is None or not context.is_child(person):
                return False
        return gender not in ("male", "female") or m.gender in ("", gender)

    window_start = u.sentences[max(0, here - 4)][0] if here >= 0 else 0
    candidates = [
        m for m in _mentions_between(doc, window_start, at)
        if m.end <= at and not m.quoted and fits(m)
    ]
    passes = []
    for back in range(here, here - 5, -1):
        pool = [m for m in candidates if u.sentence_index(m.start) == back]
        # its subject before one in a clause of time or reason: "she is 13 and helps when
        # mum is on the phone. She said ..." is the girl; so is "she gets his cereal when
        # mum is tired, and she said ..."
        pool = [m for m in pool if not _subordinate(doc, m)] or pool
        passes += [(pool, True, back), (pool, False, back)]
    s_at = u.sentence_of(at)[0] if here >= 0 else at
    opens = all(doc[k].text in ("-", "–", "•", "*") for k in range(s_at, at))
    for pool, strict, back in passes:
        # a "he" that opens a sentence goes on with the sentence before's first subject,
        # its topic ("he said he gets a stomach ache and his dad checks it. He said ...")
        order = pool if strict and opens and back < here else list(reversed(pool))
        for m in order:
            if m.kind == "pronoun":
                if strict and _depth < 6 and _subject_position(doc, m):
                    found = resolve(doc, m.start, children_only=children_only,
                                    people_only=people_only, gender=gender, _depth=_depth + 1)
                    if found is not None:
                        return found
                continue
            if strict and not _subject_position(doc, m):
                continue
            return m
    if not any(m.kind != "pronoun" for m in candidates) and gender in ("male", "female"):
        # nobody named for sentences before: a note is about its child ("i have seen him
        # alone" after the child's name was misheard), when there is one and he or she fits
        subjects = context.subject_children()
        if len(subjects) == 1 and (subjects[0].gender or "").lower() in ("", gender) and not any(
            m.kind == "person" and m.one and m.gender == gender
            for m in _mentions_between(doc, 0, at) if not m.quoted
        ):
            return Mention(at, at + 1, "person", (subjects[0].id,), gender=gender)
    return None
