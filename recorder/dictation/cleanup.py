"""Turning dictation into text: spoken punctuation, fillers and retracted words.

A spaCy component cannot change the text of a Doc, so clean-up runs before
the pipeline and keeps, for every character it writes, the span of the
dictation it came from. Every drafted item can then point at the worker's own
words, even where "full stop" became ".". It never drops a word that is not a
filler or a retraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from recorder.dictation.lexicon import Lexicon
from recorder.domain.names import fold as _fold_uncached

fold = lru_cache(maxsize=16384)(_fold_uncached)
"""Folding a word for matching, remembered: a dictation says the same words many times."""

_PIECES = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?|\s+|[^\w\s]|_", re.UNICODE)
_CLOSING = set(".,:;?!”)")
_SENTENCE_END = set(".?!")
_BOUNDARIES = set(".!?\n;:,")


@dataclass(frozen=True)
class CleanText:
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def source(self, start: int, end: int) -> tuple[int, int]:
        """The span of the dictation that characters ``start:end`` of the clean text came from."""
        if not self.text or end <= start:
            return (0, 0)
        start = max(0, min(start, len(self.text) - 1))
        end = max(start + 1, min(end, len(self.text)))
        return (min(self.starts[start:end]), max(self.ends[start:end]))


@dataclass
class _Piece:
    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def folded(self) -> str:
        """The word folded for matching, worked out once: cleaning looks at each word often."""
        cached = self.__dict__.get("_folded")
        if cached is None or cached[0] != self.text:
            cached = (self.text, fold(self.text))
            self.__dict__["_folded"] = cached
        return cached[1]

    @property
    def is_space(self) -> bool:
        return self.text.isspace()


class _Writer:
    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def put(self, text: str, start: int, end: int, *, whole: bool = False) -> None:
        for k, ch in enumerate(text):
            self.chars.append(ch)
            if whole:
                self.starts.append(start)
                self.ends.append(end)
            else:
                self.starts.append(start + k)
                self.ends.append(start + k + 1)

    def strip_end(self, chars: str = " \t") -> None:
        while self.chars and self.chars[-1] in chars:
            self.cut(len(self.chars) - 1)

    def cut(self, at: int) -> None:
        del self.chars[at:], self.starts[at:], self.ends[at:]

    def last(self) -> str:
        return self.chars[-1] if self.chars else ""

    def text(self) -> str:
        return "".join(self.chars)


def clean(raw: str, lexicon: Lexicon, *, names: tuple[str, ...] = ()) -> CleanText:
    pieces = [_Piece(m.group(), m.start(), m.end()) for m in _PIECES.finditer(raw)]
    _single_quotes(pieces)
    _first_person_brackets(pieces)
    spoken = lexicon.spoken
    speech_words = {fold(v.split()[-1]) for v in lexicon.cues["speech"]["verbs"]} | {"me", "us"}
    punctuation = {tuple(k.split()): v for k, v in spoken["punctuation"].items()}
    corrections = _corrections(tuple(spoken["corrections"]))
    fillers = set(spoken["fillers"])
    restart = set(spoken["restart_words"])
    twice = set(spoken["said_twice_on_purpose"])
    out = _Writer()
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.is_word:
            found = _phrase_at(pieces, i, punctuation, allow_commas=False)
            if found:
                j, mark = found
                _put_mark(out, mark, piece.start, pieces[j - 1].end)
                i = j
                if mark in ("“", "\n", "\n\n", "("):
                    i = _skip(pieces, i, spaces=True)
                continue
            if piece.folded == "quote" and (
                _last_word(out) in speech_words or _after_a_quotation(out)
                or _closed_later(pieces, i)
            ):
                _put_mark(out, "“", piece.start, piece.end)
                i = _skip(pieces, i + 1, spaces=True)
                continue
            if piece.folded in fillers:
                i = _drop_filler(out, pieces, i)
                continue
            instead = _date_taken_back(out, pieces, i, lexicon.dates) if (
                piece.folded == "sorry") else None
            if instead is not None:
                _retract(out, pieces, instead, restart, dates=lexicon.dates)
                i = instead
                continue
            found = _phrase_at(pieces, i, corrections, allow_commas=True)
            if found:
                j, _ = found
                i = _skip(pieces, j, spaces=True, commas=True)
                while (spoken_comma := _phrase_at(pieces, i, punctuation, allow_commas=False)) and (
                    spoken_comma[1] == ","
                ):
                    i = _skip(pieces, spoken_comma[0], spaces=True, commas=True)
                i = _date_said_instead(pieces, i, lexicon.dates)
                _retract(out, pieces, i, restart, dates=lexicon.dates)
                continue
            if piece.folded not in twice and _said_again(out, piece):
                i += 1  # the space after it is not written twice either
                continue
            out.put(piece.text, piece.start, piece.end)
        elif piece.is_space:
            if "\n" in piece.text:
                out.strip_end()
                breaks = "\n\n" if piece.text.count("\n") > 1 else "\n"
                if out.chars and out.last() != "\n":
                    out.put(breaks, piece.start, piece.end, whole=True)
            elif out.chars and out.last() not in " \n“(":
                out.put(" ", piece.start, piece.end, whole=True)
        else:
            if piece.text in _CLOSING:
                out.strip_end()
            out.put(piece.text, piece.start, piece.end)
        i += 1
    out.strip_end(" \t\n")
    _capitalise(out, lexicon, names)
    return CleanText(out.text(), tuple(out.starts), tuple(out.ends))


@lru_cache(maxsize=8)
def _corrections(phrases: tuple[str, ...]) -> dict[tuple[str, ...], str]:
    """The correction phrases as folded words, each also without its apostrophes:
    recognition writes "lets say" as often as "let's say", and a hurried typist too."""
    found: dict[tuple[str, ...], str] = {}
    for phrase in phrases:
        words = tuple(fold(w).replace("’", "'") for w in phrase.split())
        for mark in ("'", "’", ""):
            found[tuple(w.replace("'", mark) for w in words)] = ""
    return found


_OPENERS, _CLOSERS = ("'", "‘", "*"), ("'", "’", "*")
"""Single quotes, and asterisks as some type a child's words: *I want my own room*."""
_AFTER_CLOSE = set(".,;:!?)”—-")


def _first_person_brackets(pieces: list[_Piece]) -> None:
    """Words in brackets or square brackets said in the first person are someone's own words,
    as some type a child's: "rugby on Saturdays (I'd like to but I can't leave mum)" reads
    “I'd like to but I can't leave mum”. Who said them is worked out later."""
    k = 0
    while k < len(pieces):
        if pieces[k].text in "([":
            close = ")" if pieces[k].text == "(" else "]"
            words = []
            j = k + 1
            while j < len(pieces) and j - k < 80 and pieces[j].text not in (close, "(", "["):
                if pieces[j].is_word:
                    words.append(pieces[j].folded)
                j += 1
            if j < len(pieces) and pieces[j].text == close and len(words) >= 3 and (
                words[0] in ("i", "i'm", "i'd", "i've", "i'll", "my", "me", "im", "id")
            ):
                pieces[k].text, pieces[j].text = "“", "”"
            k = j
        k += 1


def _closed_later(pieces: list[_Piece], i: int) -> bool:
    """ "and quote I don't want to go back unquote": "quote" opens a quotation when
    "unquote", "close quote" or "end quote" closes it within a sentence or two, before any
    other "quote"."""
    words = [p.folded for p in pieces[i + 1 : i + 160] if p.is_word]
    for k, w in enumerate(words[:60]):
        if w == "unquote":
            return True
        if w == "quote":
            return k > 0 and words[k - 1] in ("close", "end")
    return False


def _single_quotes(pieces: list[_Piece]) -> None:
    """Typed single quotes (or asterisks) around words become quotation marks: 'I like it
    here' reads “I like it here”. An apostrophe inside or at the end of a word (don't, the boys')
    is left alone: an opening mark needs a space or the start before it and a word after."""
    opener = None
    for k, piece in enumerate(pieces):
        before = pieces[k - 1] if k else None
        after = pieces[k + 1] if k + 1 < len(pieces) else None
        if "\n" in piece.text:
            opener = None
        elif piece.text in _OPENERS and opener is None and after is not None and after.is_word and (
            before is None or before.is_space or before.text in "(“:"
        ):
            opener = k
        elif piece.text in _CLOSERS and opener is not None and before is not None and (
            not before.is_space
        ) and (after is None or after.is_space or after.text in _AFTER_CLOSE) and (
            (piece.text == "*") == (pieces[opener].text == "*")
        ):
            pieces[opener].text, piece.text = "“", "”"
            opener = None


def _after_a_quotation(out: _Writer) -> bool:
    """ "… unquote and quote …": a second quotation straight after the first."""
    return re.search(r"”,? (?:and|and then|then|also|and also) $", out.text()[-24:]) is not None


def _last_word(out: _Writer) -> str:
    found = re.search(r"([\w'’]+)\W*$", out.text()[-40:])
    return fold(found.group(1)) if found else ""


def _phrase_at(pieces, i, phrases, *, allow_commas: bool):
    """The longest phrase starting at word ``i``: (index after it, replacement)."""
    words: list[str] = []
    best = None
    j = i
    while j < len(pieces) and len(words) < 5:
        piece = pieces[j]
        if piece.is_word:
            words.append(piece.folded)
            key = tuple(words)
            if key in phrases:
                best = (j + 1, phrases[key])
        elif not (piece.is_space and "\n" not in piece.text) and not (
            allow_commas and piece.text == ","
        ):
            break
        j += 1
    return best


def _put_mark(out: _Writer, mark: str, start: int, end: int) -> None:
    if not mark:
        return
    if mark[0] in _CLOSING or mark.startswith("\n"):
        out.strip_end()
        if mark[0] in _SENTENCE_END and out.last() in _SENTENCE_END:
            return
    elif mark in ("“", "(") and out.chars and out.last() not in " \n":
        out.put(" ", start, end, whole=True)
    out.put(mark, start, end, whole=True)


def _skip(pieces, i, *, spaces: bool = False, commas: bool = False) -> int:
    while i < len(pieces) and (
        (spaces and pieces[i].is_space and "\n" not in pieces[i].text)
        or (commas and pieces[i].text == ",")
    ):
        i += 1
    return i


def _said_again(out: _Writer, piece: _Piece) -> bool:
    """The word just written, said again at once: "the the", "her her sketchbook". A
    number ("2 2") and a single letter ("A A") may be meant; they stay."""
    if len(piece.text) < 2 or not piece.text.isalpha():
        return False
    found = re.search(r"([\w'’-]+) $", out.text()[-40:])
    return bool(found) and fold(found.group(1)) == piece.folded


def _drop_filler(out: _Writer, pieces, i: int) -> int:
    """Drop "um" and the commas that set it off: "and, um, when" reads "and when"."""
    j = _skip(pieces, i + 1, spaces=True)
    comma_after = j < len(pieces) and pieces[j].text == ","
    out.strip_end()
    comma_before = out.last() == ","
    if comma_after:
        j = _skip(pieces, j + 1, spaces=True)
        if comma_before:
            out.cut(len(out.chars) - 1)
        elif out.chars and out.last() not in "\n.?!“":
            out.put(",", pieces[i].start, pieces[i].end, whole=True)
    if out.chars and out.last() not in "\n“(" and j < len(pieces) and pieces[j].is_word:
        out.put(" ", pieces[i].start, pieces[i].end, whole=True)
    return j


def _retract(out: _Writer, pieces, i: int, restart: set[str], *, dates=None) -> None:
    """Remove what the worker took back, before the correction that follows at ``i``."""
    out.strip_end(" \t,-–")  # "on Wednesday 18th - sorry, Thursday 19th"
    text = out.text()
    boundary = max((k for k, ch in enumerate(text) if ch in _BOUNDARIES and not (
        ch in ".:" and 0 < k < len(text) - 1 and text[k - 1].isdigit() and text[k + 1].isdigit()
    )), default=-1) + 1  # not the full stop inside "10.15"
    while boundary < len(text) and text[boundary] in " ”":
        boundary += 1
    cut = boundary
    nxt = pieces[i] if i < len(pieces) else None
    day_words = _day_words(dates) if dates else set()
    if nxt is not None and nxt.is_word and (fold(nxt.text) in day_words or nxt.text.isdigit()):
        # the date said before, all of it: "on 2 November, sorry, 3 November" is on the 3rd
        run = cut
        for last in reversed(list(re.finditer(r"[\w'’:-]+(?:\.\d+\w*)?", text[boundary:]))):
            word = last.group()
            if _date_word(word, day_words):
                cut = run = boundary + last.start()
            elif fold(word) in ("the", "of") and run != boundary:
                run = boundary + last.start()  # "Wednesday the 18th": inside the date
            else:
                break
        if cut == boundary:  # nothing date-like before: the last word, as before
            last = re.search(r"[\w'’-]+\W*$", text[boundary:])
            cut = boundary + last.start() if last else cut
    if cut == boundary and nxt is not None and nxt.is_word and fold(nxt.text) in restart:
        said = fold(text[boundary:])
        spots = [m.start() for m in re.finditer(rf"\b{re.escape(fold(nxt.text))}\b", said)]
        if spots:
            cut = boundary + spots[-1]
    out.cut(cut)
    if out.chars and out.last() not in " \n“(":
        out.put(" ", nxt.start if nxt else 0, nxt.start if nxt else 0, whole=True)


def _date_word(word: str, day_words: set[str], *, ordinals: bool = True) -> bool:
    """A word of a date, or a time ("10.15", "10.45am", "the third")."""
    return fold(word) in day_words or (ordinals and fold(word) in _ORDINAL_WORDS) or bool(
        re.fullmatch(r"\d{1,2}(st|nd|rd|th|[.:]\d{2}(am|pm)?|am|pm)?", word, re.IGNORECASE))


_ORDINAL_WORDS = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth",
}


def _day_words(dates) -> set[str]:
    return set(dates["weekdays"]) | set(dates["months"]) | set(dates["weekday_short"]) | set(
        dates.get("weekday_other") or {})


def _date_after_lead_in(pieces, j: int, day_words: set[str], *, ordinals: bool):
    """Past the words that lead up to a date said instead ("no, correction, it was ..."):
    (where they end, whether a date follows them)."""
    while j < len(pieces) and pieces[j].is_word and pieces[j].folded in (
        "it", "was", "it's", "i", "mean", "meant", "no", "correction", "comma"
    ):
        j = _skip(pieces, j + 1, spaces=True, commas=True)
    k = j
    while k < len(pieces) and pieces[k].is_word and pieces[k].folded in ("on", "the"):
        k = _skip(pieces, k + 1, spaces=True)
    dated = k < len(pieces) and pieces[k].is_word and _date_word(
        pieces[k].text, day_words, ordinals=ordinals)
    return j, dated


def _date_said_instead(pieces, i: int, dates) -> int:
    """After a correction, where the date said instead begins, past words that lead up to
    it ("no wait, correction, it was Friday the 9th"); ``i`` when no date follows them."""
    j, dated = _date_after_lead_in(pieces, i, _day_words(dates), ordinals=True)
    return j if j > i and dated else i


def _date_taken_back(out: _Writer, pieces, i: int, dates) -> int | None:
    """A bare "sorry" between commas after a date and before another ("on 2 November,
    sorry, 3 November", "on Monday 9 November, sorry, it was Tuesday the 10th"): where
    the date said instead begins, or None when "sorry" is just sorry."""
    day_words = _day_words(dates)
    before = out.text().rstrip()
    if not before.endswith((",", "-", "–")):
        return None
    said = re.findall(r"[\w'’-]+", before[-40:].rstrip(",-– "))
    if not said or not _date_word(said[-1], day_words, ordinals=False):
        return None
    j, dated = _date_after_lead_in(pieces, _skip(pieces, i + 1, spaces=True, commas=True),
                                   day_words, ordinals=False)
    return j if dated else None


def _capitalise(out: _Writer, lexicon: Lexicon, names: tuple[str, ...]) -> None:
    chars = out.chars
    text = "".join(chars)
    canonical = {fold(w): w for w in lexicon.spoken["capitals"]}
    name_words = {fold(part) for name in names for part in re.split(r"[\s\-]+", name) if part}
    for m in re.finditer(r"[^\W\d_][\w'’]*", text):
        word = m.group()
        folded = fold(word)
        if folded in canonical and len(canonical[folded]) == len(word) and word.islower():
            chars[m.start() : m.end()] = list(canonical[folded])
        elif folded in name_words and word.islower():
            chars[m.start()] = chars[m.start()].upper()
        elif folded in ("i'm", "i've", "i'll", "i'd"):
            chars[m.start()] = "I"
    start_of_sentence = True
    for k, ch in enumerate(chars):
        if ch.isalpha():
            if start_of_sentence:
                chars[k] = ch.upper()
            start_of_sentence = False
        elif ch == "\n" or (ch in ".?!" and (k + 1 == len(chars) or chars[k + 1] in " \n”")):
            start_of_sentence = True
        elif ch == "“" and k + 1 < len(chars) and chars[k + 1].isalpha():
            chars[k + 1] = chars[k + 1].upper()
