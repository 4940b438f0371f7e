"""After speech recognition, before drafting: words put as the record and the council write them.

Recognition spells names by ear ("Philip" for Filip, "Diana" for Tiana),
writes "fullstop" as one word and "Mom" as an American would. Left alone,
the child is not matched, seen-alone is lost and false new people appear.
Here each capitalised word that sounds like, or is one letter from, exactly
one name on the family record is spelt as the record spells it; a word that
could be two names, or is an everyday word, is left as heard. Every change is
returned, so the worker sees which words were changed. Typed and pasted text
goes through the same step (names spelt right are left alone).

Nothing here decides meaning: it only respells words. It must never drop a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from recorder.dictation.context import DictationContext
from recorder.domain.names import fold
from recorder.reference.datafile import DataFileError, read_toml
from recorder.resources import resource

WORDS_FILE = resource("dictation", "recognised.toml")
_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*[^\W_])?", re.UNICODE)
_MARKED = re.compile(
    r"[,.;:!?][ \t]*(?P<said>full[ -]?stop|comma|question mark|new paragraph)\b[,.;:!?]?"
    r"|\b(?P<said_then_mark>full[ -]?stop|comma|question mark|new paragraph)[,.;:!?]",
    re.IGNORECASE,
)
"""A spoken mark that recognition also wrote as a mark, before or after the word."""
_TITLES = {"mr", "mrs", "miss", "ms", "dr", "mx", "prof", "pc", "dc", "sgt", "the"}


@dataclass(frozen=True)
class Change:
    start: int
    """Where the heard word is in the text given."""
    end: int
    heard: str
    written: str
    why: str
    """"name on the record", "spelling" or "spoken punctuation"."""

    def __str__(self) -> str:
        return f"{self.heard} → {self.written}"


@dataclass(frozen=True)
class Recognised:
    text: str
    changes: tuple[Change, ...] = ()
    _moves: tuple[tuple[int, int, int, int], ...] = ()
    """For each change: (new start, new end, old start, old end)."""

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text given that ``start:end`` of ``text`` came from."""
        return self._old(start, side=0), self._old(end, side=1)

    def _old(self, position: int, *, side: int) -> int:
        shift = 0
        for new_start, new_end, old_start, old_end in self._moves:
            if position < new_start or (position == new_start and side == 1):
                break
            if position < new_end or (position == new_end and side == 1):
                return old_start if side == 0 else old_end
            shift = old_end - new_end
        return position + shift


@dataclass(frozen=True)
class RecognisedWords:
    words: dict[str, str]
    glued: tuple[str, ...]
    never_names: frozenset[str]
    keep_capitals: frozenset[str] = frozenset()
    """The data's own never-names (days, months, "Mum"): a capital on them is never a
    guess of recognition's to undo."""
    heard_for_comma: frozenset[str] = frozenset()
    comma_before_a_person: frozenset[str] = frozenset()
    people_words: frozenset[str] = frozenset()
    after_a_person: dict[str, str] | None = None
    not_after: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    full_stop_before_a_capital: tuple[str, ...] = ()
    times_after: frozenset[str] = frozenset()
    there_before: frozenset[str] = frozenset()
    glued_where_said: dict[str, str] | None = None
    """Endings that are a spoken mark run onto the word before it, taken so only where the
    worker says the punctuation ("novcoma", "pramful stop"): ending -> the mark."""
    split_days: tuple[tuple[str, ...], frozenset[str]] = ((), frozenset())
    """Day words heard apart after "to" ("to night"), and the words before "to" that show
    it was two words after all ("day to night")."""
    ordinal_before: frozenset[str] = frozenset()
    ends_a_date: frozenset[str] = frozenset()
    """Words that may follow a date, not qualify a noun ("on the tenth at four")."""
    comma_between_clauses: frozenset[str] = frozenset()
    before_a_noun: frozenset[str] = frozenset()
    starts_a_clause: frozenset[str] = frozenset()
    glued_words: frozenset[str] = frozenset()
    """Words that end like a mark and are words ("glaucoma", "careful"): never split."""
    where_before: frozenset[str] = frozenset()
    arrival_before_at: frozenset[str] = frozenset()
    """Words before "at" that make a number after it the time of a visit ("got there at
    350"), as a number after "at" alone may be money."""
    carer: tuple[dict[str, str], frozenset[str], frozenset[str]] = ({}, frozenset(), frozenset())
    """"carrier" heard for "carer": the words, and the words after and before that keep it."""
    joined: dict[str, str] | None = None
    """Two words recognition wrote for one ("him self"): the two, folded -> the one."""
    ill: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    """"ill" for "I'll": the words after which a clause may start, and the words after
    "ill" that keep it the adjective."""


@lru_cache(maxsize=4)
def load_words(path: Path = WORDS_FILE) -> RecognisedWords:
    data = read_toml(path)
    words = data.get("words")
    if not isinstance(words, dict) or not all(isinstance(v, str) for v in words.values()):
        raise DataFileError(path, "[words] must map each word to what it becomes")
    glued = data.get("glued", {}).get("endings", [])
    never = data.get("never_names", {}).get("words", [])
    marks = data.get("misheard_marks", {})
    heard_for_comma = marks.get("comma", [])
    before_a_person = marks.get("comma_before_a_person", [])
    people = data.get("people", {}).get("words", [])
    homophones = data.get("homophones", {})
    after = homophones.get("after_a_person", {})
    not_after = homophones.get("not_after", [])
    determiners = data.get("people", {}).get("determiners", [])
    full_stops = marks.get("full_stop_before_a_capital", [])
    times_after = data.get("times", {}).get("hyphened_after", [])
    arrival_before_at = data.get("times", {}).get("arrival_before_at", [])
    there_before = homophones.get("there_before", [])
    where_before = homophones.get("where_before", [])
    glued_where_said = data.get("glued", {}).get("where_marks_are_said", {})
    glued_words = data.get("glued", {}).get("words", [])
    between = marks.get("comma_between_clauses", [])
    before_a_noun, starts_a_clause = marks.get("not_after", []), marks.get("before", [])
    dates = data.get("dates", {})
    carer = data.get("carer", {})
    carer_heard = carer.get("heard", {})
    not_before_carer, not_after_carer = carer.get("not_before", []), carer.get("not_after", [])
    joined = data.get("joined", {})
    if not isinstance(joined, dict) or not all(isinstance(v, str) for v in joined.values()):
        raise DataFileError(path, "[joined] must map two words to the one they stand for")
    ill = data.get("ill", {})
    ill_after, ill_not_before = ill.get("after", []), ill.get("not_before", [])
    day_words = dates.get("split_day_words", [])
    not_after_day = dates.get("not_split_after", [])
    ordinal_before, ends_a_date = dates.get("before_ordinal", []), dates.get("ends_a_date", [])
    lists = [between, before_a_noun, starts_a_clause, day_words, not_after_day, ordinal_before,
             ends_a_date, glued, never, heard_for_comma, before_a_person, people, not_after,
             determiners, full_stops, times_after, there_before, where_before, glued_words,
             not_before_carer, not_after_carer, arrival_before_at, ill_after, ill_not_before]
    if not all(isinstance(x, list) for x in lists) or not all(
        isinstance(w, str) for x in lists for w in x
    ):
        raise DataFileError(path, "[glued] endings, [never_names] words, [misheard_marks], "
                                  "[people], [homophones] not_after, [times], [carer] "
                                  "not_before and not_after and [ill] must be lists of text")
    for table, what in ((after, "[homophones] after_a_person"),
                        (glued_where_said, "[glued] where_marks_are_said"),
                        (carer_heard, "[carer] heard")):
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise DataFileError(path, f"{what} must map each word to what it becomes")
    return RecognisedWords(
        {fold(k): v for k, v in words.items()},
        tuple(fold(g) for g in glued),
        _folded(never) | frozenset(STOP_WORDS),
        keep_capitals=_folded(never),
        heard_for_comma=_folded(heard_for_comma),
        comma_before_a_person=_folded(before_a_person),
        people_words=_folded(people),
        after_a_person={_plain(k): v for k, v in after.items()},
        not_after=_folded(not_after),
        determiners=_folded(determiners),
        full_stop_before_a_capital=tuple(fold(w) for w in full_stops),
        times_after=_folded(times_after),
        arrival_before_at=_folded(arrival_before_at),
        there_before=_folded(there_before),
        glued_where_said={fold(k): v for k, v in glued_where_said.items()},
        glued_words=_folded(glued_words),
        comma_between_clauses=_folded(between),
        before_a_noun=_folded(before_a_noun),
        starts_a_clause=_folded(starts_a_clause),
        split_days=(tuple(fold(w) for w in day_words), _folded(not_after_day)),
        ordinal_before=_folded(ordinal_before),
        ends_a_date=_folded(ends_a_date),
        where_before=_folded(where_before),
        carer=({_plain(k): v for k, v in carer_heard.items()}, _folded(not_before_carer),
               _folded(not_after_carer)),
        ill=(_folded(ill_after), _folded(ill_not_before)),
        joined={" ".join(fold(k).split()): v for k, v in joined.items()},
    )


def _folded(words: list[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def _plain(word: str) -> str:
    """A word folded with its apostrophe made plain: "We’re" and "we're" alike."""
    return fold(word).replace("’", "'")


def record_names(context: DictationContext) -> tuple[str, ...]:
    """Every name the family record spells: first, known-as and last names, professionals'.

    The same list serves twice: as hint words for the recogniser, which leans towards
    them while listening (``recorder.speech``), and for matching what it heard after.
    """
    names: list[str] = []
    for person in context.people:
        names += [person.first_name, person.known_as, *person.last_name.split()]
    for professional in context.professionals:
        names += professional.name.split()
    seen, kept = set(), []
    for name in names:
        name = name.strip(".,")
        # Two letters are a name too (Vy, Bo); one is an initial. The recogniser is given
        # only names of three letters or more as hints (``recorder.speech.whisper``).
        if len(name) >= 2 and fold(name) not in _TITLES and fold(name) not in seen:
            seen.add(fold(name))
            kept.append(name)
    return tuple(kept)


def recognise(
    text: str, names: Iterable[str] = (), words: RecognisedWords | None = None
) -> Recognised:
    """``text`` with names spelt as on the record and recognition's spellings normalised."""
    words = words or load_words()
    names = tuple(names)
    known = {fold(n) for n in names}
    keyed = [(n, fold(n), sound_key(n)) for n in names]
    replacements: list[tuple[int, int, str, str]] = []
    for match in _MARKED.finditer(text):
        # Recognition often writes the mark as well as the word ("full stop." ", comma"):
        # the word alone is kept, so cleaning up does not make the mark twice.
        said = match.group("said") or match.group("said_then_mark")
        said = " ".join(said.casefold().replace("-", " ").split())
        said = "full stop" if said == "fullstop" else said
        after = match.end() < len(text) and text[match.end()].isalnum()
        written = (" " if match.group("said") else "") + said + (" " if after else "")
        replacements.append((match.start(), match.end(), written, "spoken punctuation"))
    spoken = speaks_punctuation(text)
    if spoken:
        replacements += _misheard_marks(text)
        replacements += _free(_commas_misheard(text, known, words, keyed), replacements)
        replacements += _free(_full_stops_misheard(text, words), replacements)
    replacements += _free(_clock_words(text), replacements)
    replacements += _free(_day_words(text, words), replacements)
    replacements += _free(_clock_suffixes(text, words), replacements)
    replacements += _free(_spelt_letters(text), replacements)
    replacements += _free(_homophones(text, known, words), replacements)
    replacements += _free(_carers(text, words), replacements)
    replacements += _free(_ill_for_i_will(text, words), replacements)
    replacements += _free(_joined_words(text, words), replacements)
    if spoken:
        replacements += _free(_guessed_capitals(text, known, words), replacements)
    replacements += _names_in_two_words(text, names, keyed, words, taken=replacements)
    marked = sorted((a, b) for a, b, _w, _y in replacements)
    next_mark = 0
    for match in _WORD.finditer(text):
        while next_mark < len(marked) and marked[next_mark][1] <= match.start():
            next_mark += 1
        if next_mark < len(marked) and marked[next_mark][0] < match.end():
            continue  # inside a spoken mark already put right
        heard = match.group()
        written, why = _respelt(heard, words, known, keyed, spoken=spoken)
        if not why and _after_title(text, match.start()):
            name = _surname_for(heard, keyed, words, known)
            written, why = (name, "name on the record") if name else (heard, "")
        if written != heard:
            replacements.append((match.start(), match.end(), written, why))
    replacements.sort()
    out: list[str] = []
    changes: list[Change] = []
    moves: list[tuple[int, int, int, int]] = []
    at = length = 0
    for start, end, written, why in replacements:
        out.append(text[at:start])
        length += start - at
        moves.append((length, length + len(written), start, end))
        changes.append(Change(start, end, text[start:end], written, why))
        out.append(written)
        length += len(written)
        at = end
    if not changes:
        return Recognised(text)
    out.append(text[at:])
    return Recognised("".join(out), tuple(changes), tuple(moves))


def _respelt(heard: str, words: RecognisedWords, known: set[str], keyed: list, *,
             spoken: bool = False) -> tuple[str, str]:
    folded = fold(heard)
    if folded in words.words:
        return _same_case(heard, words.words[folded]), "spelling"
    endings = {g: "full stop" if g == "fullstop" else g for g in words.glued}
    if spoken and folded not in words.glued_words:
        endings |= words.glued_where_said or {}
    for ending, mark in endings.items():
        # The head is a word of two letters or more: "hvcomma" is "hv comma".
        if folded.endswith(ending) and len(folded) >= len(ending) + 2:
            head = heard[: -len(ending)].rstrip("-")
            if fold(head) in words.words:
                head = _same_case(head, words.words[fold(head)])
            return f"{head} {mark}", "spoken punctuation"
    if not heard[:1].isupper() or folded in known or folded in words.never_names:
        return heard, ""
    if "'" in heard or "’" in heard:
        stem, _, tail = heard.replace("’", "'").partition("'")
        name = _name_for(stem, keyed, words)
        return (f"{name}'{tail}", "name on the record") if name else (heard, "")
    name = _name_for(heard, keyed, words)
    return (name, "name on the record") if name else (heard, "")


def _name_for(heard: str, keyed, words: RecognisedWords) -> str:
    """The one name on the record that ``heard`` sounds like or nearly spells, else ""."""
    folded = fold(heard)
    if len(folded) < 2 or folded in words.never_names:
        return ""
    key = sound_key(heard)
    nearest: dict[str, tuple[int, str]] = {}  # folded name: (distance, name as spelt)
    for name, name_folded, name_key in keyed:
        if name_folded == folded:
            return ""
        if len(name_folded) <= 2 or len(folded) <= 2:
            # A name of two letters ("Vy" heard "Vi" or "Vai"): only by sound, only
            # against another short word: spelling is too little to go on.
            if key == name_key and len(folded) <= 3 and len(name_folded) <= 3:
                nearest.setdefault(name_folded, (0, name))  # two alike: neither is clear
            continue
        close = edit_distance(folded, name_folded)
        allowed = 1 if max(len(folded), len(name_folded)) >= 5 else 0
        if max(len(folded), len(name_folded)) >= 8:
            allowed = 2
        sounds_alike = key == name_key and len(key) >= 2
        by_sound = max(2, round(len(name_folded) * 0.6)) if len(folded) > 3 else 1
        if (sounds_alike and close <= by_sound) or (  # "Hub" is no "Hibo"
            0 < close <= allowed and _same_shape(folded, name_folded)
            and (close < 2 or folded[0] == name_folded[0])  # "Shannon" is no "Rhiannon"
        ):
            nearest.setdefault(name_folded, (close, name))
    ranked = sorted(nearest.values())
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return ""  # no name, or two names equally near: not clear, so left as heard
    return ranked[0][1]


_SAID_MARK = re.compile(
    r"\b(full[ -]?stop|comma|question mark|new paragraph|(?:open|close)[ -]quote)\b", re.IGNORECASE
)
_HYPHENED = re.compile(r"\b([^\W\d_]+)-([^\W\d_]+)\b")
_MARK_ENDS = {"comma": "", "stop": "full ", "quote": ("close ", "open "), "mark": "question "}
_MARK_STARTS = {"comma": "", "full": " stop", "close": " quote", "open": " quote",
                "question": " mark"}
_HALF = re.compile(
    r"\b[Hh]alf-(?=(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"
)
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|PC|DC)\.?\s+$")


def speaks_punctuation(text: str) -> bool:
    """Whether the worker says the punctuation in this text ("full stop", "comma")."""
    return len(_SAID_MARK.findall(text)) >= 2


def _misheard_marks(text: str) -> list[tuple[int, int, str, str]]:
    """Spoken marks joined to a word by a hyphen, in a text whose marks are said aloud:
    "comma-stop worrying" and "my mum-close quote" are a mark and a word."""
    found = []
    for m in _HYPHENED.finditer(text):
        before, after = m.group(1).casefold(), m.group(2).casefold()
        said_before = before in _MARK_ENDS and text[: m.start()].casefold().endswith(
            _MARK_ENDS[before])
        said_after = after in _MARK_STARTS and text[m.end():].casefold().startswith(
            _MARK_STARTS[after])
        if (said_before or said_after) and f"{before}-{after}" != "full-stop":
            found.append((m.start(), m.end(), f"{m.group(1)} {m.group(2)}",
                          "spoken punctuation"))
    return found


def _free(found: list[tuple[int, int, str, str]], taken) -> list[tuple[int, int, str, str]]:
    """The replacements in ``found`` that overlap none already ``taken`` (nor each other)."""
    spans = [(a, b) for a, b, _w, _y in taken]
    kept = []
    for item in found:
        if not any(a < item[1] and item[0] < b for a, b in spans):
            kept.append(item)
            spans.append((item[0], item[1]))
    return kept


def _commas_misheard(text: str, known: set[str], words: RecognisedWords, keyed=()
                     ) -> list[tuple[int, int, str, str]]:
    """A spoken "comma" heard as another word, in a text whose marks are said aloud.

    Recognition writes the word it hears for "comma" in many ways ("Kama", "Komma"),
    sometimes run into the small word after it ("Kamano": "comma no"); none of them is
    English, so each is the mark. Real words that sound alike ("coma", "common") are
    the mark only right before a person, where no noun they could qualify stands
    ("arrived at four common Mum said", "Kit in Coma Lily-Rose asleep").
    """
    found = []
    pieces = list(_WORD.finditer(text))
    for k, m in enumerate(pieces):
        folded = fold(m.group())
        if folded in words.heard_for_comma:
            found.append((m.start(), m.end(), "comma", "spoken punctuation"))
            continue
        glued = next((h for h in (*words.heard_for_comma, *words.comma_before_a_person, "comma")
                      if folded.startswith(h) and len(folded) - len(h) >= 2
                      and _is_person(m.group()[len(h):], known, words)), "")
        glued = glued or _comma_sound_before_a_small_word(folded, words)
        name_by_ear = "" if glued else _comma_sound_before_a_name(m.group(), known, keyed,
                                                                  words)
        if name_by_ear:  # "Comasurin" (comma Sorin): the name spelt as on the record
            found.append((m.start(), m.end(), f"comma {name_by_ear}", "spoken punctuation"))
            continue
        if glued:  # "Kamano", "Kamino" (comma no), "comatyler-Jay" (comma Tyler-Jay)
            rest = m.group()[len(glued):]
            if _is_person(rest, known, words) and fold(rest) not in words.people_words:
                rest = rest[:1].upper() + rest[1:]  # a name, run into the mark
            found.append((m.start(), m.end(), f"comma {rest}", "spoken punctuation"))
            continue
        nxt = pieces[k + 1] if k + 1 < len(pieces) else None
        before_a_person = nxt is not None and text[m.end():nxt.start()] == " " and _is_person(
            nxt.group(), known, words)
        if folded in words.comma_before_a_person and before_a_person:
            found.append((m.start(), m.end(), "comma", "spoken punctuation"))
            continue
        if folded in words.comma_between_clauses and _between_clauses(text, pieces, k, words):
            found.append((m.start(), m.end(), "comma", "spoken punctuation"))
            continue
        head, dash, tail = m.group().rpartition("-")
        if dash and head and (fold(tail) in words.heard_for_comma or (
            fold(tail) in words.comma_before_a_person and before_a_person
        )):  # "was home-coma Dad was out"
            found.append((m.start(), m.end(), f"{head} comma", "spoken punctuation"))
    return found


_COMMA_HEADS = ("comma", "coma", "comm", "kama", "kamah", "kam")


def _comma_sound_before_a_name(heard: str, known: set[str], keyed, words: RecognisedWords
                               ) -> str:
    """The name on the record that ``heard`` ends with, where it begins with the sound of
    "comma" run into that name as heard by ear ("Comasurin": comma Sorin), else "".

    Only a capitalised word that is not itself a name on the record or a word the data
    knows; the rest must be the one name it sounds like or nearly spells, of three
    letters or more, so an English word ("Company", "Comedy") is not taken apart unless
    what follows its first syllables is clearly a name of this family.
    """
    folded = fold(heard)
    if not heard[:1].isupper() or folded in known or folded in words.never_names:
        return ""
    for head in sorted(_COMMA_HEADS, key=len, reverse=True):
        rest = heard[len(head):]
        if folded.startswith(head) and len(rest) >= 3:
            name = _name_for(rest[:1].upper() + rest[1:], keyed, words)
            if name:
                return name
            if fold(rest) in known:
                return next(n for n, f, _k in keyed if f == fold(rest))
    return ""


def _between_clauses(text: str, pieces: list, k: int, words: RecognisedWords) -> bool:
    """Whether the word at ``k`` stands where only a mark can: after a word that is not
    one a noun follows ("was scared comment just"; not "a comment", "in common", "no
    comment") and before a word that starts a clause ("she", "but", "which"), with
    nothing written between."""
    if k == 0 or k + 1 >= len(pieces):
        return False
    before, word, after = pieces[k - 1], pieces[k], pieces[k + 1]
    if text[before.end():word.start()] != " " or text[word.end():after.start()] != " ":
        return False
    return fold(before.group()) not in words.before_a_noun and (
        fold(after.group()) in words.starts_a_clause)


def _comma_sound_before_a_small_word(folded: str, words: RecognisedWords) -> str:
    """The head of a word that is "comma" run into a small word after it, as heard
    ("Kamano", "Kamino": comma no), else "". The head must be spelt with a "k" and sound
    like "comma" (k-m); English has no such words ending in "no", "and" or "she"."""
    if not folded.startswith("k"):
        return ""
    for cut in range(3, len(folded) - 1):
        head, tail = folded[:cut], folded[cut:]
        if tail in STOP_WORDS and len(tail) >= 2 and (
            head in words.heard_for_comma or sound_key(head) == sound_key("comma")
        ):
            return head
    return ""


def _full_stops_misheard(text: str, words: RecognisedWords) -> list[tuple[int, int, str, str]]:
    """A spoken "full stop" heard as words that sound like it ("full stuff", "false stop"),
    where recognition then starts a new sentence: a capital or the end follows."""
    found = []
    for heard in words.full_stop_before_a_capital:
        pattern = r"\b" + r"\s+".join(map(re.escape, heard.split())) + r"\b(?=\s+(?-i:[A-Z])|\s*$)"
        found += [(m.start(), m.end(), "full stop", "spoken punctuation")
                  for m in re.finditer(pattern, text, re.IGNORECASE)]
    # "full" run onto the word before it: "in the pramful stop Mum was low", whatever
    # follows. Not a word that ends so of its own ("she was careful stop"): the data
    # lists those.
    for m in _FUL_STOP.finditer(text):
        if fold(m.group(1) + "ful") not in words.glued_words:
            found.append((m.start(), m.end(), f"{m.group(1)} full stop", "spoken punctuation"))
    return found


_FUL_STOP = re.compile(r"\b([^\W\d_]{2,}?)ful\s+(?:[Ss]top\b|[Ss]t[au]ff\b(?=\s+[A-Z]|\s*$))")


def _is_person(word: str, known: set[str], words: RecognisedWords) -> bool:
    """A name on the record (any part of a hyphenated one) or a family word ("Mum")."""
    folded = fold(word)
    return folded in known or folded in words.people_words or (
        "-" in folded and folded.split("-")[0] in known
    )


_SPELT = re.compile(
    r"(?<![\w'’.\-])[A-Z](?:(?:\.[A-Z])+\.?|(?:-[A-Z])+|(?: [A-Z])+)(?![\w'’\-])"
)
"""Single capitals set apart all by dots, all by hyphens or all by spaces: "G.P T.M.R" is
two runs, not one."""
_KNOWN_SHORT = frozenset({"I", "A"})


def _spelt_letters(text: str) -> list[tuple[int, int, str, str]]:
    """Capital letters said one by one, written as one word: "C A M H S", "C-A-M-H-S" and
    "S.W." are CAMHS and SW, as a worker types them and the drafting rules read them.

    Only single capitals count; lower-case letters ("p.m.", "e.g.") are left alone. In a
    run of letters set apart by spaces, a first "A" or "I" is more likely the word than
    a letter ("I P C" is no way to say "IPC", "A G P" is "a GP"), so it is left out.
    """
    found = []
    for m in _SPELT.finditer(text):
        run = m.group()
        letters = [ch for ch in run if ch.isalpha()]
        start = m.start()
        spaced = "." not in run and "-" not in run
        if spaced and letters[0] in _KNOWN_SHORT:
            letters, start = letters[1:], start + 2
        if len(letters) < 2 or ("-" in run and len(letters) == 2):
            continue  # "M-E" is more likely Mary-Ellen's initials than letters spelt out
        written = "".join(letters)
        rest = text[m.end():].lstrip()
        if run.endswith(".") and (not rest or rest[:1].isupper()):
            written += "."  # the dot may also end the sentence: kept as its mark
        found.append((start, m.end(), written, "spelling"))
    return found


_CLOCK_SUFFIX = re.compile(
    r"\b(\d{1,2}(?:[.:\-]\d\d| [0-5]\d)?) ?([AaPp])(?:\.[Mm]\b\.?|[Mm]\b)(?![\w'’])"
)
_HYPHENED_CLOCK = re.compile(r"(?<![\w\-])([01]?\d|2[0-3])-([0-5]\d)(?![\w\-])")
_UNITS_AFTER = re.compile(r"\s*(?:%|per|percent|min|mins|minutes|hours?|hrs|years?|days?|weeks?"
                          r"|months?|kg|cm|times|pounds|quid|people|metres|meters|miles|mg|ml"
                          r"|steps|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*"
                          r"|oct\w*|nov\w*|dec\w*)\b", re.IGNORECASE)


def _clock_suffixes(text: str, words: RecognisedWords) -> list[tuple[int, int, str, str]]:
    """A time as recognition writes it, as the drafting rules read it: "6 p.m", "6 p.m.",
    "2.30 PM", "5-10 PM" and "5.10 pm" are "6pm", "2.30pm", "5.10pm"; "arrived 15-40"
    is "arrived 15:40"; "at 1,600" (said "sixteen hundred") is "at 1600"; "at 915 this
    morning" (said "nine fifteen") is "at 9.15", only before "this morning" and the
    like, or after "arrived" and before a mark.

    A full stop after "p.m." that also ends a sentence (a capital or the end follows)
    is kept as the sentence's mark. A hyphen between numbers is a range ("10-15
    minutes", "aged 10-12") unless "am"/"pm" or a word like "arrived" says it is a time.
    """
    found = []
    for m in _CLOCK_SUFFIX.finditer(text):
        written = f"{m.group(1).replace('-', '.').replace(' ', '.')}{m.group(2).lower()}m"
        rest = text[m.end():].lstrip()
        if m.group().endswith(".") and (not rest or rest[:1].isupper()):
            written += "."
        if written != m.group():
            found.append((m.start(), m.end(), written, "spelling"))
    for m in _HYPHENED_CLOCK.finditer(text):
        before = re.search(r"([^\W\d_]+)\W*$", text[max(0, m.start() - 20):m.start()])
        if before and fold(before.group(1)) in words.times_after and not _UNITS_AFTER.match(
            text, m.end()
        ):
            found.append((m.start(), m.end(), f"{m.group(1)}:{m.group(2)}", "spelling"))
    for m in _RUN_TOGETHER_CLOCK.finditer(text):
        before = re.search(r"([^\W\d_]+)\W*$", text[max(0, m.start() - 20):m.start()])
        cue = fold(before.group(1)) if before else ""
        follows = _TIME_FOLLOWS.match(text, m.end())
        if cue in words.times_after and follows and (
            follows.group("part") or cue.startswith("arriv")
            or _arrived_at(text, max(0, m.start() - 20) + before.start(1), words)
        ):  # "at 915 this morning": a time said "nine fifteen", written as one number;
            # "at 250, she says" may be money, so a mark alone will do only after "arrived"
            # or "got there at"
            found.append((m.start(), m.end(), f"{m.group(1)}.{m.group(2)}", "spelling"))
    for m in _FOUR_HEARD_AS_FOR.finditer(text):
        if not _UNITS_AFTER.match(text, m.end()):  # "arrived for 15": "arrived four fifteen"
            found.append((m.start(2), m.end(), f"4.{m.group(3)}", "spelling"))
    for m in _THOUSANDS_CLOCK.finditer(text):
        before = re.search(r"([^\W\d_]+)\W*$", text[max(0, m.start() - 20):m.start()])
        hour, minute = int(m.group(1) + m.group(2)[0]), int(m.group(2)[1:])
        if before and fold(before.group(1)) in words.times_after and hour <= 23 and (
            minute <= 59 and not _UNITS_AFTER.match(text, m.end())
        ):  # "at 1,600": a time said "sixteen hundred", written as a number
            found.append((m.start(), m.end(), m.group(1) + m.group(2), "spelling"))
    return _free(found, [])


_RUN_TOGETHER_CLOCK = re.compile(r"(?<![\w,.:\-])([1-9])([0-5]\d)(?![\w,:\-]|\.\d)")
_TIME_FOLLOWS = re.compile(
    r"\s*(?:$|[.,;!?]|(?P<part>(?:this|in the) (?:morning|afternoon|evening)\b)"
    r"|(?:comma|full stop)\b)",
    re.IGNORECASE,
)
_THOUSANDS_CLOCK = re.compile(r"(?<![\w,.])([12]),(\d{3})(?![\w,]|\.\d)")
_FOUR_HEARD_AS_FOR = re.compile(r"\b(arrived|arriving)\s+(for)\s+([0-5]\d)(?![\w,:.\-]|\.\d)",
                                re.IGNORECASE)


def _arrived_at(text: str, at: int, words: RecognisedWords) -> bool:
    """Whether the word "at" at ``at`` follows a word of arriving ("got there at 350")."""
    before = re.search(r"([^\W\d_]+)\s+$", text[max(0, at - 30):at])
    return before is not None and fold(before.group(1)) in words.arrival_before_at


def _homophones(text: str, known: set[str], words: RecognisedWords
                ) -> list[tuple[int, int, str, str]]:
    """Words recognition heard for others that sound the same, where what follows or
    goes before shows which was said.

    "We're" and "we'll" straight after a person are "were" and "will": "Kit and Mum
    we're in", "Nan we'll take him". Not after a word of telling or a preposition before
    the person, where "we" may start what was told ("I told Mum we'll be back"); so too
    "where" before a word that says where or how someone was ("Kieron where in", "Mum
    where both there"). "Their" before a word no possessive goes with, or before a mark,
    is "there" ("got their around five", "also their. She"); "an" before a name on the
    record is "and" ("Nicola an Ellie were in").
    """
    found = []
    spoken = speaks_punctuation(text)
    pieces = list(_WORD.finditer(text))
    for k, m in enumerate(pieces):
        written = (words.after_a_person or {}).get(_plain(m.group()))
        if not written or k == 0:
            continue
        if _plain(m.group()) == "where":  # "Kieron where in": only before such words
            nxt = pieces[k + 1] if k + 1 < len(pieces) else None
            if nxt is None or text[m.end():nxt.start()] != " " or (
                fold(nxt.group()) not in words.where_before
            ):
                continue
        person = pieces[k - 1]
        if text[person.end():m.start()] != " " or not (
            _is_person(person.group(), known, words)
            or (person.group()[:1].isupper() and fold(person.group()) not in words.never_names
                and k >= 2 and text[pieces[k - 2].end():person.start()] == " ")
        ):
            continue
        back = k - 2
        while back >= 0 and fold(pieces[back].group()) in words.determiners:
            back -= 1
        before = pieces[back] if back >= 0 else None
        if before is not None and fold(before.group()) in words.not_after and not re.search(
            r"[^\w\s]", text[before.end():person.start()]
        ):
            continue
        found.append((m.start(), m.end(), written, "spelling"))
    for k, m in enumerate(pieces):
        if fold(m.group()) != "their":
            continue
        nxt = pieces[k + 1] if k + 1 < len(pieces) else None
        between = text[m.end():nxt.start()] if nxt else text[m.end():]
        after = pieces[k + 2] if k + 2 < len(pieces) else None
        comma_heard = spoken and nxt is not None and (
            fold(nxt.group()) in words.heard_for_comma
            or (fold(nxt.group()) in words.comma_before_a_person and after is not None
                and _is_person(after.group(), known, words)))
        if nxt is None and not between.strip() or nxt is not None and not between.strip() and (
            fold(nxt.group()) in words.there_before or comma_heard
        ) or between.lstrip()[:1] in tuple(".,;:!?"):
            # "got their around five", "wasn't their comma", "was also their. She": no
            # possessive stands before these, nor before a mark
            found.append((m.start(), m.end(), _same_case(m.group(), "there"), "spelling"))
    for k, m in enumerate(pieces[:-1]):
        nxt = pieces[k + 1]
        if m.group() in ("an", "An") and text[m.end():nxt.start()] == " " and (
            fold(nxt.group()) in known and nxt.group()[:1].isupper()
        ):  # "Nicola an Ellie were in": no article stands before a name on the record
            found.append((m.start(), m.end(), m.group()[0] + "nd", "spelling"))
    return found


def _carers(text: str, words: RecognisedWords) -> list[tuple[int, int, str, str]]:
    """"Carrier" as recognition writes the British "carer" ("a young carrier"), unless
    the word after or before says it is a carrier ("a carrier bag", "a baby carrier",
    "a carrier of hepatitis B")."""
    heard, not_before, not_after = words.carer
    found = []
    pieces = list(_WORD.finditer(text))
    for k, m in enumerate(pieces):
        written = heard.get(_plain(m.group()))
        if not written:
            continue
        nxt = fold(pieces[k + 1].group()) if k + 1 < len(pieces) else ""
        before = fold(pieces[k - 1].group()) if k else ""
        if nxt in not_before or before in not_after:
            continue
        found.append((m.start(), m.end(), _same_case(m.group(), written), "spelling"))
    return found


def _joined_words(text: str, words: RecognisedWords) -> list[tuple[int, int, str, str]]:
    """One word recognition wrote as two ("by him self", "was a sleep on the sofa")."""
    found = []
    pieces = list(_WORD.finditer(text))
    k = 0
    while k < len(pieces):
        for n in (3, 2):
            run = pieces[k : k + n]
            if len(run) < n or any(text[x.end():y.start()] != " " for x, y in zip(
                    run, run[1:], strict=False)):
                continue
            one = (words.joined or {}).get(" ".join(fold(x.group()) for x in run))
            if one:
                found.append((run[0].start(), run[-1].end(), _same_case(run[0].group(), one),
                              "spelling"))
                k += n - 1
                break
        k += 1
    return found


def _ill_for_i_will(text: str, words: RecognisedWords) -> list[tuple[int, int, str, str]]:
    """"ill" typed or heard for "I'll" ("ill ring mum tmrw", "& ill pop back in 2 wks"),
    so the worker's own actions are found. Only where a clause starts before it (a
    mark, "&", the start, or a word such as "and" or "said") and a word follows that
    "ill" the adjective does not take ("ill with flu", "ill health"); "mum is ill" and
    "felt ill so stayed home" stay as they are."""
    clause_words, not_before = words.ill
    found = []
    pieces = list(_WORD.finditer(text))
    for k, m in enumerate(pieces):
        if m.group() not in ("ill", "Ill") or k + 1 >= len(pieces):
            continue
        nxt = pieces[k + 1]
        if text[m.end():nxt.start()] != " " or fold(nxt.group()) in not_before:
            continue
        gap = text[pieces[k - 1].end():m.start()] if k else text[:m.start()]
        if k and not re.search(r"[.!?;:,&(\n\-–/]", gap) and (
            fold(pieces[k - 1].group()) not in clause_words
        ):
            continue
        found.append((m.start(), m.end(), "I'll", "spelling"))
    return found


_ENDS_SENTENCE = re.compile(
    r"(?:\b(?:full[ -]?stop|question mark|exclamation mark|new paragraph|new line|next line"
    r"|open[ -]quotes?|colon)|[.?!:“\"\n])[\s,]*$",
    re.IGNORECASE,
)


def _guessed_capitals(text: str, known: set[str], words: RecognisedWords
                      ) -> list[tuple[int, int, str, str]]:
    """Small words recognition capitalised where it guessed a sentence began, in lower
    case, in a text whose marks are said aloud (recognition's own marks are dropped
    there, so its capitals stand in mid-sentence).

    A capital in mid-sentence reads as a name ("her partner Before Wren was born"
    drafted "Before Wren" as a new person). Only English small words lose it ("She",
    "When", "Before", "We're"), never "I", a name on the record, a day or a month; and
    never after a spoken or written mark that ends a sentence or opens a quote.
    """
    found = []
    for m in _WORD.finditer(text):
        word = m.group()
        if not word[:1].isupper() or word[1:2].isupper() or m.start() == 0:
            continue
        folded = _plain(word)
        head = folded.split("'")[0]
        if head == "i" or folded in known or folded in words.keep_capitals or (
            head not in STOP_WORDS
        ):
            continue
        before = text[max(0, m.start() - 20):m.start()]
        if not text[:m.start()].strip() or _ENDS_SENTENCE.search(before):
            continue
        found.append((m.start(), m.end(), word[0].lower() + word[1:], "capital"))
    return found


_CLOCK_WORDS = {"5": "five", "10": "ten", "20": "twenty", "25": "twenty-five"}
_MINUTES_PAST = re.compile(
    r"\b(5|10|20|25)(?= (?:past|to) (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|[1-9]|1[0-2])\b)"
)


def _clock_words(text: str) -> list[tuple[int, int, str, str]]:
    """A time said in words, written as said: "10 past four" and "half-four" as "ten past four"
    and "half four"."""
    found = [(m.start(), m.end(), _CLOCK_WORDS[m.group()], "spelling")
             for m in _MINUTES_PAST.finditer(text)]
    return found + [(m.start(), m.end(), m.group()[:4] + " ", "spelling")
                    for m in _HALF.finditer(text)]


_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}
_ORDINAL_WORDS = re.compile(
    r"\b(?:(twenty|thirty)[ -])?(" + "|".join(_ORDINALS) + r")\b", re.IGNORECASE
)


_DAY_WITH_S = re.compile(
    r"\b(?:next|this|last|by|until|till|before)\s+((?:monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|week|month|fortnight))['’]s\b", re.IGNORECASE)


def _day_words(text: str, words: RecognisedWords) -> list[tuple[int, int, str, str]]:
    """Days as recognition sometimes writes them, as the drafting rules read them: "to
    night" and "to morrow" as one word, "next Tuesday's" ending a phrase as "next
    Tuesday", and a day of the month said as an ordinal
    ("on the tenth", "by the twenty-first of May") in figures ("on the 10th").

    Only where what follows ends the phrase (a mark, the end, "at", "of", a month):
    "moving to night shifts", "due to night terrors", "on the third floor" and "the
    second time" stay as they are, and so does "from day to night".
    """
    found = []
    day_words, not_after = words.split_days
    pieces = list(_WORD.finditer(text))
    for k, m in enumerate(pieces[:-1]):
        nxt = pieces[k + 1]
        if m.group().casefold() != "to" or text[m.end():nxt.start()] != " " or (
            fold(nxt.group()) not in day_words
        ):
            continue
        before = fold(pieces[k - 1].group()) if k else ""
        if before in not_after or not _ends_a_date(text, nxt.end(), words):
            continue
        found.append((m.start(), nxt.end(), m.group() + nxt.group().casefold(), "spelling"))
    for m in _DAY_WITH_S.finditer(text):
        if _ends_a_date(text, m.end(), words):  # "next Tuesday's full stop": no possessive
            found.append((m.start(1), m.end(), m.group(1), "spelling"))
    for m in _ORDINAL_WORDS.finditer(text):
        lead = re.search(r"([^\W\d_]+)\s+the\s+$", text[max(0, m.start() - 20):m.start()],
                         re.IGNORECASE)
        if not lead or fold(lead.group(1)) not in words.ordinal_before or not _ends_a_date(
            text, m.end(), words
        ):
            continue
        tens = {"twenty": 20, "thirty": 30}.get((m.group(1) or "").casefold(), 0)
        day = tens + _ORDINALS[m.group(2).casefold()]
        if day > 31:
            continue
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(day % 10 if day // 10 != 1 else 0, "th")
        found.append((m.start(), m.end(), f"{day}{suffix}", "spelling"))
    return found


def _ends_a_date(text: str, at: int, words: RecognisedWords) -> bool:
    """Whether what follows ``at`` ends a date: a mark, the end, or a word of the data's."""
    follow = re.match(r"\s*([^\W\d_]+|[.,;:!?]|$)", text[at:])
    if not follow:
        return False
    word = fold(follow.group(1))
    return not word.isalpha() or word in words.ends_a_date


def _after_title(text: str, start: int) -> bool:
    return _TITLE_BEFORE.search(text[max(0, start - 8):start]) is not None


def _surname_for(heard: str, keyed, words: RecognisedWords, known: set[str]) -> str:
    """After "Mrs", "Dr", "PC": a word that sounds like exactly one name on the record.

    A title says a name follows, so the sound alone is enough, however it is spelt
    ("Mrs Ochoi" for Mrs Okoye); still only where one name is the clear match.
    """
    folded = fold(heard)
    if not heard[:1].isupper() or folded in known or len(folded) < 3:
        return ""
    key = loose_key(heard)
    alike = {name_folded: name for name, name_folded, _k in keyed
             if len(key) >= 2 and loose_key(name) == key}
    return next(iter(alike.values())) if len(alike) == 1 else ""


def _names_in_two_words(text: str, names: tuple[str, ...], keyed, words: RecognisedWords,
                        taken) -> list[tuple[int, int, str, str]]:
    """A name on the record heard as two words: "Lily May" for Lily-May, "Kai J" for
    Kai-Jay, "Christa Bell" for Christabel. Only where the two words together are clearly
    that one name; a word that is a name of its own on the record is never joined."""
    found: list[tuple[int, int, str, str]] = []
    known = {fold(n) for n in names}
    spans = [(a, b) for a, b, _w, _y in taken]
    pairs = list(_WORD.finditer(text))
    used_until = -1
    for first, second in zip(pairs, pairs[1:], strict=False):
        if first.start() < used_until or not first.group()[:1].isupper():
            continue
        between = text[first.end():second.start()]
        if between not in (" ", "-") or any(a < second.end() and first.start() < b
                                           for a, b in spans):
            continue
        tail, owner = second.group(), ""
        if tail[-2:] in ("'s", "’s"):
            tail, owner = tail[:-2], tail[-2:]
        if not tail[:1].isupper() and fold(tail) in words.never_names and not _no_verb_next(
            text, second.end()
        ):
            continue  # "Lily may come": a word of its own, never joined into a name
        name = _hyphenated(first.group(), tail, names, known)
        if not name and between == " ":
            name = _joined(first.group(), tail, keyed, known, words)
        if name and text[first.start():second.end()] != name + owner:
            found.append((first.start(), second.end(), name + owner, "name on the record"))
            used_until = second.end()
    return found


_NOT_AFTER_A_VERB_LIKE_MAY = frozenset(
    "has had is was were and in at on with said says told comma full".split()
)


def _no_verb_next(text: str, at: int) -> bool:
    """Whether the word after ``at`` shows the word before it is no verb like "may" or
    "will" ("Lily may has" can only be Lily-May; "Lily may come" can be either)."""
    following = _WORD.search(text, at)
    return following is not None and text[at:following.start()].strip() == "" and (
        following.group().casefold() in _NOT_AFTER_A_VERB_LIKE_MAY
    )


def _hyphenated(first: str, second: str, names: tuple[str, ...], known: set[str]) -> str:
    if fold(first) in known:
        return ""  # "Lily" is someone of her own on the record: "Lily May" may be two people
    for name in names:
        head, dash, tail = name.partition("-")
        if not dash or fold(first) != fold(head) or not tail:
            continue
        heard, wanted = fold(second), fold(tail)
        if heard == wanted or (len(heard) == 1 and loose_key(_LETTER_NAMES.get(heard, "")) ==
                               loose_key(tail)) or (
            len(heard) >= 3 and sound_key(heard) == sound_key(tail)
            and edit_distance(heard, wanted) <= 1
        ):
            return name
    return ""


_LETTER_NAMES = {"a": "ay", "b": "bee", "c": "see", "d": "dee", "e": "ee", "g": "gee", "j": "jay",
                 "k": "kay", "p": "pee", "t": "tee", "v": "vee", "z": "zed"}


def _joined(first: str, second: str, keyed, known: set[str], words: RecognisedWords) -> str:
    a, b = fold(first), fold(second)
    if a in known or b in known or a in words.never_names or b in words.never_names:
        return ""
    if not second[:1].isupper() and b in STOP_WORDS:
        return ""
    joined = a + b
    key = loose_key(joined)
    alike = {}
    for name, name_folded, _k in keyed:
        if len(name_folded) < 7 or "-" in name_folded:
            continue
        if loose_key(name) == key and edit_distance(joined, name_folded) <= len(name_folded) // 3:
            alike[name_folded] = name
    return next(iter(alike.values())) if len(alike) == 1 else ""


def loose_key(word: str) -> str:
    """The sound key with voiced and unvoiced pairs as one ("Kadie"/"Katie": d/t, g/k, b/p)."""
    return sound_key(word).translate(str.maketrans("dgbv", "tkpf"))

def _same_shape(a: str, b: str) -> bool:
    """Near spellings share the first letter or the last: 'Diana'/'Tiana', not 'Kerry'/'Terri'."""
    return a[-1] == b[-1] or a[0] == b[0]


def sound_key(word: str) -> str:
    """A rough English sound key: 'Philip' and 'Filip', 'Katherine' and 'Catherine' agree."""
    w = re.sub(r"[^a-z]", "", fold(word))
    if not w:
        return ""
    for a, b in (("ph", "f"), ("ck", "k"), ("qu", "kw"), ("x", "ks"), ("th", "t"),
                 ("gh", ""), ("sch", "sk"), ("sh", "s"), ("ch", "k"), ("wr", "r"), ("kn", "n"),
                 ("dg", "j"), ("y", "i"), ("z", "s"), ("w", "v"), ("q", "k")):
        w = w.replace(a, b)
    w = re.sub(r"c(?=[eiy])", "s", w).replace("c", "k")
    first, rest = w[0], re.sub(r"[aeiouh]", "", w[1:])
    if first in "aeiou":
        first = "a"
    key = first + rest
    return re.sub(r"(.)\1+", r"\1", key)


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _same_case(heard: str, written: str) -> str:
    if heard[:1].isupper():
        return written[:1].upper() + written[1:]
    return written
