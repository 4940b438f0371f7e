"""``recorder_new_people``: people who matter to the family and are not on the record yet.

Found where a relationship word comes right before a name nobody on the record
has ("her nan Pat Wilson", "mum's new partner Tyler"), where a name is given in
apposition ("Tyler, her new partner"), or where someone "introduced himself as"
a name. With a statistical pipeline, its PERSON entities near a relationship
word add recall. Place and organisation names are not people: a name must look
like one (capitalised words) and not be a month, a day or a known name.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from recorder.dictation.components.people import mentions, resolve
from recorder.dictation.findings import add, lexicon_at, token_span
from recorder.dictation.phrases import PhraseTable, folded
from recorder.dictation.units import units
from recorder.domain.names import fold, in_latin_letters

_NOT_NAMES = {
    "i", "the", "a", "an", "and", "but", "who", "is", "was", "has", "had", "said", "says", "in",
    "at", "on", "to", "with", "from", "for", "of", "he", "she", "they", "it", "we", "you", "mr",
    "mrs", "ms", "miss", "dr", "christmas", "easter", "eid", "diwali", "cp", "cin", "cla", "camhs",
    "house", "home", "flat", "place", "told", "room", "school", "car", "shop", "garden",
    "service", "services", "team", "group", "club", "project", "centre", "support",
    "useless", "stupid", "lazy", "names",
}
_TITLES = {"mr", "mrs", "ms", "miss", "mister", "missus", "mx"}
_QUOTES = {"“", '"', "'", "‘"}


_PLACES = {"school", "work", "nursery", "college", "church", "club", "football", "cadets"}


@Language.factory("recorder_new_people", default_config={"folder": ""})
def make_new_people(nlp: Language, name: str, folder: str) -> NewPeopleFinder:
    return NewPeopleFinder(nlp, folder)


class NewPeopleFinder:
    def __init__(self, nlp: Language, folder: str) -> None:
        lex = lexicon_at(folder)
        self.relation_words = lex.new_person_words
        self.lower_words = lex.not_names_in_lower_case
        self.months_days = {fold(w) for w in lex.dates["months"] + lex.dates["weekdays"]}
        self.short_days = {fold(w) for w in lex.dates["weekday_short"] + lex.dates["month_short"]
                           + list(lex.dates.get("weekday_other") or {})}
        self.introduced = PhraseTable.over(nlp, [(
            "intro",
            ["introduced himself as", "introduced herself as", "called", "named", "known as",
             "goes by", "they call", "calls himself", "calls herself", "knows as", "knew as",
             "name as", "knows him as", "knows her as", "he calls", "she calls",
             "called himself", "called herself", "known to police as",
             "known to the police as", "known to the family as", "known to the family only as",
             "known only as", "known to them as"],
        )])
        self.next_door = PhraseTable.over(nlp, [(
            "neighbour",  # "Carol next door", "Bev from downstairs": a neighbour
            ["next door", "from next door", "from downstairs", "from upstairs", "downstairs",
             "upstairs", "across the road", "over the road", "from across the road",
             "from over the road", "from number", "from no"],
        )])
        self.seeing = PhraseTable.over(nlp, [(
            "partner",  # "She told me she's been seeing Reece": someone new in her life
            ["been seeing", "started seeing", "is seeing", "was seeing", "going out with",
             "is dating", "been dating"],
        )])

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.context
        if context is None or not len(doc):
            return doc
        words = folded(doc)
        known = set()
        for p in context.people:
            known |= {fold(p.first_name), fold(p.last_name)}
            known |= {fold(w) for w in p.first_name.split()}  # "Hà" of "Thu Hà"
            known |= {fold(w) for w in p.known_as.split()}  # "Nana Mo": Mo is known
        for pro in context.professionals:
            known |= {fold(w) for w in pro.name.split()}
        known.discard("")
        found: dict[str, tuple[str, str | None, tuple[int, int]]] = {}
        taken: set[int] = {t for m in mentions(doc) for t in range(m.start, m.end)}
        drop = []

        def note(a: int, b: int, relation: str | None, evidence: tuple[int, int]) -> None:
            name = doc[a:b].text
            first = fold(doc[a].text)
            parts = {fold(t.text) for t in doc[a:b] if t.is_alpha}
            if first not in found and any(parts <= {fold(w) for w in f[0].split()}
                                          for f in found.values()):
                return  # "Voyle" after "Rhodri Voyle": the same person
            if first in found:
                if relation and not found[first][1]:
                    found[first] = (found[first][0], relation, found[first][2])
                return
            found[first] = (name, relation, evidence)

        for i in range(len(doc)):
            relation = self.relation_words.get(words[i])
            if relation is None:
                continue
            if any(m.start <= i < m.end and m.one and not _latin(context, m.one)
                   for m in mentions(doc)) or _written_otherwise(context, relation):
                continue  # "Dadi Nasreen" for نسرین on the record: the name in Latin letters
            k = i + 1
            if k + 1 < len(doc) and words[k] in ("at", "from") and words[k + 1] in _PLACES:
                k += 2  # "a new friend at school, Jamie-Lee Fox"
            if k + 1 < len(doc) and words[k] in ("'s", "'") and words[k + 1] == "," and relation:
                k += 1  # "at her childminder's, Sadia Farah"
            stated = k < len(doc) and words[k] == "is" and bool(relation)
            if k < len(doc) and words[k] in (",", "is"):
                k += 1  # "her mam, Mihaela Popescu", "the baby's father is Martin Stokes"
            if k + 1 < len(doc) and words[k] in _TITLES and relation:
                k += 1  # "her sister, Mrs Elena Dumitru": the name after the title
            a, b = self._name_at(doc, k, known)
            if stated and b - a < 2:
                continue  # "her father is Polish": a full name only after "is"
            if b < len(doc) and words[b] in ("interpreter", "translator", "speaking", "speaker"):
                continue  # "as arranged with mam, Somali interpreter on the phone"
            if b > a:
                owner = self._whose(doc, i) if relation else ""
                said = f"{owner}{relation}" if owner else relation
                note(a, b, said or None, (i, b))
                drop.extend(m for m in mentions(doc) if m.start <= i < m.end)
        for k in range(len(doc)):  # "Efua, Kofi's new partner, stays weekends"
            if k and words[k - 1] not in (".", "\n", "\n\n", ",", ";", ":", "-", "and", "about",
                                          "met"):
                continue
            a, b = self._name_at(doc, k, known)
            if b > a and b + 1 < len(doc) and words[b] == "," and a not in taken:
                relation = self._apposed(doc, b + 1)
                if relation:
                    note(a, b, relation, (a, b + 1))
        for k in range(len(doc)):  # "Mrs Pauline Harte (neighbour, no. 14)", "Carol next door"
            j = k + 1 if words[k] in _TITLES else k
            if k and words[k - 1] in _TITLES:
                continue
            a, b = self._name_at(doc, j, known)
            if b <= a or a in taken or b >= len(doc):
                continue
            relation = None
            if words[b] == "(" and _looks_like_name(doc[a].text):
                close = next((x for x in range(b + 1, min(b + 8, len(doc))) if words[x] == ")"),
                             None)
                if close is not None:
                    relation = self._relation_after(doc, b + 1, close)
                    at = next((x for x in range(b + 1, close) if words[x] in self.relation_words
                               and words[x + 1] not in ("'s", "'")), close)
                    if words[at + 1 : at + 2] not in ([","], [")"]):
                        relation = None  # "door shut (mum ok'd it)": a clause, not who
            elif self.next_door.at(words, b) is not None:
                relation = "neighbour"
            if relation:
                note(a, b, relation, (k, b))
        for k in range(len(doc)):  # "delroy forbes is mother new partner", "Shannon is dad's gf"
            if k and words[k - 1] not in (".", "\n", "\n\n", ",", ";", ":", "-", "and"):
                continue
            a, b = self._name_at(doc, k, known)
            if b > a and b + 1 < len(doc) and words[b] == "is" and a not in taken:
                relation = _relation_said(words, b + 1, self.relation_words)
                if relation:
                    note(a, b, relation, (a, min(len(doc), b + 4)))
        for i, j, _ in self.seeing.find(words):
            a, b = self._name_at(doc, j, known)
            if b > a:
                note(a, b, "partner", (i, b))
        for i, j, _ in self._introduced(words):
            if j < len(doc) and words[j] in _QUOTES:
                j += 1  # a man called "Bigs"
            a, b = self._name_at(doc, j, known)
            if b > a:
                relation = None
                if b + 1 < len(doc) and words[b] == ",":
                    relation = self._relation_after(doc, b + 1)
                note(a, b, relation, (i, b))
        for ent in getattr(doc, "ents", ()):
            if ent.label_ != "PERSON" or any(t in taken for t in range(ent.start, ent.end)):
                continue
            near = words[max(0, ent.start - 3) : ent.start] + words[ent.end : ent.end + 3]
            rel = [w for w in near if w in self.relation_words]
            a, b = self._name_at(doc, ent.start, known)
            if rel and b > a:
                note(a, b, self.relation_words[rel[0]], (ent.start, ent.end))
        if drop:
            doc._.mentions = [m for m in mentions(doc) if m not in drop]
        for name, relation, evidence in found.values():
            label = f"New person: {name}" + (f" ({relation})" if relation else "")
            add(doc, "new_people", (name, relation), label, token_span(doc, *evidence))
        return doc

    def _introduced(self, words: list[str]):
        """Where a name is given for someone: "called", "known as", and "introduced a man
        sitting in the lounge as Emmanuel Ofori" (the name after "as", a few words on)."""
        yield from self.introduced.find(words)
        for i, w in enumerate(words):
            if w == "introduced" and (i + 1 >= len(words) or words[i + 1] not in (
                "himself", "herself"
            )):
                ahead = words[i + 1 : i + 10]
                if "as" in ahead and "." not in ahead[: ahead.index("as")]:
                    j = i + 2 + ahead.index("as")
                    yield i, j, "intro"

    def _apposed(self, doc, k: int) -> str | None:
        """The relation in an apposition right after a name: ", his befriender", ", Elif's
        ex-partner", ", her new partner" (only such small words before the relation)."""
        words = folded(doc)
        end = min(k + 6, len(doc))
        i = k
        while i < end and (words[i] not in self.relation_words or (
            i + 1 < end and words[i + 1] in ("'s", "'")
        )):  # "mum's" says whose; the relation comes after it
            small = words[i] in ("his", "her", "their", "'s", "'", "new", "old", "former", "-",
                                 "older", "younger", "best", "a", "the", *self.relation_words)
            named = any(m.start <= i < m.end for m in mentions(doc))
            if not (small or named):
                return None
            i += 1
        if i >= end or not self.relation_words[words[i]]:
            return None
        if not any(w in ("his", "her", "their", "'s", "'", "a", "the") for w in words[k:i]):
            return None  # "Actions, mum will ring": a heading, then the mother
        return self._whose(doc, i) + self.relation_words[words[i]]

    def _relation_after(self, doc, k: int, end: int | None = None) -> str | None:
        """How someone named just before ``k`` is related: in "Lenny Voss, mum's cousin" the
        cousin, whose owner ("mum's") is a relation word too but says whose cousin he is."""
        words = folded(doc)
        for i in range(k, min(k + 4, len(doc) if end is None else end)):
            if words[i] in self.relation_words and not (
                i + 1 < len(doc) and words[i + 1] in ("'s", "'")
            ):
                return self._whose(doc, i) + self.relation_words[words[i]]
        return None

    def _name_at(self, doc, k: int, known: set[str]) -> tuple[int, int]:
        """Words at ``k`` that look like a name nobody on the record has: capitalised, in a
        script without capitals (Arabic), hyphenated ("Jamie-Lee"), or, in a note typed all in
        lower case, a word that is not a common one and is followed by "who", "is" or a comma."""
        u = units(doc)
        b = k
        while b < len(doc) and b - k < 4:
            t = doc[b]
            if t.text == "-" and b > k and not doc[b - 1].whitespace_ and b + 1 < len(doc) and (
                _looks_like_name(doc[b + 1].text)
            ):
                b += 1  # "Jamie-Lee": the hyphen joins one name
                continue
            if not _looks_like_name(t.text) or fold(t.text) in _NOT_NAMES:
                break
            if fold(t.text) in self.months_days:
                break
            if fold(t.text) in self.short_days and b + 1 < len(doc) and (
                doc[b + 1].text[:1].isdigit()
            ):  # "reported missing by mum Sat 10/10": a day, not a name ("friend thu" is)
                break
            if t.text.isupper() and len(t.text) <= 3 and t.text.isalpha():
                break  # "Dipesh Lad TM": a role's short name, not a name
            b += 1
        if b == k and k < len(doc) and _all_lower(doc) and self._lower_name(doc, k):
            b = k + 1
        elif b == k and k + 2 < len(doc) and _all_lower(doc) and self._plain_word(doc[k]) and (
            self._plain_word(doc[k + 1])
        ) and folded(doc)[k + 2] in ("is", "who", "("):
            b = k + 2  # "delroy forbes is mother new partner": a first name and a surname
        if b == k or fold(doc[k].text) in known or u.quoted[k] != u.quoted[b - 1]:
            return (k, k)
        if b - k >= 2 and doc[b - 1].text.isupper():
            b -= 1
        return (k, b)

    def _plain_word(self, t) -> bool:
        """A word in a lower-case note that could be a first name: not a common word."""
        return (
            t.text.isalpha() and len(t.text) > 2 and not t.is_stop
            and fold(t.text) not in _NOT_NAMES and fold(t.text) not in self.months_days
            and fold(t.text) not in self.relation_words
            and fold(t.text) not in self.lower_words
            and not t.text.endswith(("ing", "ed", "ly", "ful", "less", "able", "ible", "ive"))
        )

    def _lower_name(self, doc, k: int) -> bool:
        t = doc[k]
        nxt = folded(doc)[k + 1] if k + 1 < len(doc) else "."
        return (
            self._plain_word(t)
            and nxt in ("who", ",", ".", "is", "was", "has", "had", "and", "came", "moved", "(",
                        "living", "staying", "lives", "stays", "-", "there", "said", "says",
                        "from")
        )

    def _whose(self, doc, i: int) -> str:
        """ "mum's" before "partner" makes "mother's partner"; "his" makes it his."""
        context = doc._.context
        words = folded(doc)
        k = i - 1
        while k >= 0 and words[k] in ("new", "old", "little", "big", "older", "younger", "best"):
            k -= 1
        if k >= 1 and words[k] in ("'s", "'"):
            m = next((x for x in mentions(doc) if x.end == k and x.one), None)
            person = context.person(m.one) if m else None
            if person is not None and person.relationship.casefold() != "subject child":
                return f"{person.relationship}'s "
            if m is None:
                return f"{words[k - 1]}'s "
            return ""
        if k >= 0 and words[k] in ("his", "her"):
            gender = "male" if words[k] == "his" else "female"
            who = resolve(doc, k, people_only=True, gender=gender)
            person = context.person(who.one) if who and who.one else None
            if person is not None and not context.is_child(person):
                return f"{person.relationship}'s "
        return ""


def _relation_said(words: list[str], i: int, relation_words: dict[str, str]) -> str | None:
    """The relation after "is": "mum's new partner", "mother new partner" (typed or heard
    without the 's), "her boyfriend", "a family friend"; None for anything else."""
    owner = ""
    while i < len(words) and words[i] in ("the", "a", "an", "her", "his", "their", "my"):
        i += 1
    if i + 1 < len(words) and words[i] in relation_words and (
        words[i + 1] in ("'s", "'") or words[i + 1] in ("new", "old") or (
            words[i + 1] in relation_words and words[i + 1] != words[i]
        )
    ):
        owner = f"{relation_words[words[i]]}'s "
        i += 2 if words[i + 1] in ("'s", "'") else 1
    while i < len(words) and words[i] in ("new", "old", "best", "family"):
        i += 1
    if i < len(words) and relation_words.get(words[i]):
        return owner + relation_words[words[i]]
    return None


def _written_otherwise(context, relation: str) -> bool:
    """Whether the one known person with this relationship has a name the record writes in
    another script ("nani" when the maternal grandmother is নূরজাহান)."""
    if not relation:
        return False
    alike = [p for p in context.people if fold(p.relationship).endswith(fold(relation))]
    return len(alike) == 1 and not _latin(context, alike[0].id)


def _latin(context, person_id: str) -> bool:
    """Whether the record spells this person's first name in Latin letters."""
    person = context.person(person_id)
    return person is None or in_latin_letters(person.first_name)


def _looks_like_name(text: str) -> bool:
    """Capitalised, or in a script that has no capitals (Arabic, Hebrew, Chinese...)."""
    first = text[:1]
    return text.isalpha() and (first.isupper() or first.lower() == first.upper())


def _all_lower(doc: Doc) -> bool:
    """A note typed without capitals: hardly a word inside a sentence starts with one."""
    cached = doc.user_data.get("recorder_all_lower")
    if cached is None:
        named = {k for m in mentions(doc) for k in range(m.start, m.end)}  # capitalised for us
        context = doc._.context
        known = {fold(w) for p in context.people for w in (p.first_name, p.last_name)} | {
            fold(w) for pro in context.professionals for w in pro.name.split()
        } if context is not None else set()  # "mister Dawes": capitalised for us as well
        inside = [t for t in doc[1:] if t.is_alpha and t.i not in named and not t.is_upper
                  and fold(t.text) not in known
                  and not doc[t.i - 1].text.startswith((".", "?", "!", "“", "\n", "-", "•", "*"))]
        capitals = sum(1 for t in inside if t.text[:1].isupper())
        cached = bool(inside) and capitals <= max(1, len(inside) // 50)
        doc.user_data["recorder_all_lower"] = cached
    return cached
