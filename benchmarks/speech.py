"""How well and how fast speech becomes text here, and what that does to drafting.

Run: python benchmarks/speech.py [--cases FILE ...] [--voices natural,espeak] [--snr DB]
                                 [--hints on|off|marks] [--model auto|none] [--scorer PATH]
                                 [--keep DIR] [--reuse DIR [--reuse-heard]] [--compare]
                                 [--as-typed]

Makes synthetic dictations of our own held-out cases (``tests/dictation/data/``,
fictional families with written answers), read aloud sentence by sentence
with spoken punctuation ("full stop", "comma", "open quote") and times said
as times ("3:50 pm", not "three point five"): by the neural
voice of ``hibari-tts`` (the voice inside the package: American English)
and by ``espeak-ng`` (en-gb), each clean and with white noise added at
``--snr`` dB. Cases are joined into recordings of one to five minutes, as a
worker would dictate several visits. For each voice and noise it prints:

- word error rate of the recordings, as heard and after names are matched to
  the record, compared as word error rates usually are (``norm_words``: case,
  punctuation, spoken punctuation words, hesitations, accents, numbers said or
  written, "the 6th of March"/"6 March", American spellings); then split into
  the names on the family record and all other words, and compared strictly
  (case, punctuation and digits only: the comparison used before);
- words said and not heard (deletions) and the words heard in each recording,
  so a run with hints can be set beside one without: hints must never cost
  words;
- CPU seconds per audio second (all threads, in the recognising process) and
  wall-clock real-time factor;
- engine load time and the recognising process's peak memory;
- drafting F1 (the evaluation's ``score.py``) from each case's audio, before
  and after names are matched to the record, against drafting from its text,
  and by field.

With ``--hints on`` (the default) each recording is recognised with the
names on its cases' family records as hint words, as the app does, and the
stretches the engine redid without hints (it heard markedly fewer words with
them, or wrote out hint words that were not said) are counted; ``--hints off``
recognises without them; ``--hints marks`` adds the spoken punctuation words to
the names, a trial the app does not make.

Recognition runs in a child process so that its memory is measured alone.
Audio is made in a temporary folder and deleted unless ``--keep`` is given.
``--reuse DIR`` takes the audio kept in DIR by an earlier run over the same
cases (voices are not asked again; a file missing there is made), so a change
to recognition is measured on the same sound; with ``--reuse-heard`` the text
heard then is taken too, and only the steps after recognition run again (the
speed and memory lines then say they were not measured). ``--compare`` lists,
case by case, each field where the draft from audio differs from the draft
from the text, with what the case expects.
Needs the speech extra, ``hibari-tts`` and the ``espeak-ng`` program; a voice
that is missing is skipped with a note.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import multiprocessing
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recorder.speech.audio import SAMPLE_RATE, read_wav, to_mono_16k  # noqa: E402

DATA = ROOT / "tests" / "dictation" / "data"
CASES = (DATA / "heldout.jsonl", DATA / "heldout-fresh.jsonl", DATA / "heldout-trust.jsonl")
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
SPOKEN_MARKS = {"full stop", "comma", "open quote", "close quote", "new paragraph",
                "question mark", "colon", "semicolon"}
RECORDING_S = (60, 300)
TRIAL_MARKS = ("full stop", "comma", "open quote", "close quote")
"""Spoken punctuation added to the names with ``--hints marks``: not what the app does."""


# -- text as a worker would say it -------------------------------------------------


def sentences(text: str) -> list[str]:
    """Written dictation split into the sentences a worker says with a breath between."""
    parts = re.split(r"(?<=[.?!])[\"”’']?\s+|\n+", text.strip())
    return [p.strip() for p in parts if p.strip()]


def spoken(sentence: str, *, as_typed: bool = False) -> str:
    """A written sentence as dictated: its punctuation said aloud, times said as times,
    a typed note's shorthand said as a worker says it.

    "3.50pm" and "at 3.50" are said "three fifty" (a voice left to itself reads "three
    point five", which no worker says), so they are given to the voice as "3:50 pm"
    and "3:50". Shorthand typed on a phone is not said as written either: "mum + Troy"
    is said "mum and Troy", "Tues" and "Fri" as the day ("twos" and "fry" are the
    voice's reading of letters no one says), "yday" and "tmrw" as the words, "w Kelsey"
    as "with Kelsey". A semicolon is said, as the other marks are. ``as_typed`` reads
    shorthand and semicolons as runs before these were said so did (``--as-typed``).
    """
    sentence = re.sub(r"\b(\d{1,2})\.(\d\d) ?([ap]m)\b", r"\1:\2 \3", sentence)
    if as_typed:
        return _marks_said(sentence, semicolon=False)
    sentence = re.sub(r"(?<![£$\d.])\b(\d{1,2})\.([0-5]\d)\b(?!\.?\d|%)", r"\1:\2", sentence)
    sentence = re.sub(r"\s[+&]\s", " and ", sentence)
    sentence = re.sub(r"\s@\s", " at ", sentence)
    for typed, said in SHORTHAND.items():
        sentence = re.sub(rf"\b{typed}\b", said, sentence, flags=re.IGNORECASE)
    return _marks_said(sentence, semicolon=True)


def _marks_said(sentence: str, *, semicolon: bool) -> str:
    out, quote_open = [], False
    for piece in re.findall(r"[\w'’\-.:]+[\w]|[\w]|[\"“”,.?!;:()]", sentence):
        if piece in ('"', "“", "”"):
            opening = piece == "“" or (piece == '"' and not quote_open)
            out.append("open quote" if opening else "close quote")
            quote_open = opening
        elif piece == ",":
            out.append("comma")
        elif piece in (".", "!"):
            out.append("full stop")
        elif piece == "?":
            out.append("question mark")
        elif piece == ";" and semicolon:
            out.append("semicolon")
        elif piece in (";", ":", "(", ")"):
            continue
        else:
            out.append(piece)
    return " ".join(out)


SHORTHAND = {
    "mon": "Monday", "tues?": "Tuesday", "weds": "Wednesday", "thu(?:rs?)?": "Thursday",
    "fri": "Friday", "yday": "yesterday", "tmrw": "tomorrow", "tmw": "tomorrow",
    "wks": "weeks", "wk": "week", "yrs": "years", "yr": "year", "w(?= [A-Z])": "with",
}
"""Typed shorthand as a worker says it (not "sat", "sun" or "wed": they are words too)."""


def spoken_dictation(text: str, *, as_typed: bool = False) -> list[str]:
    return [spoken(s, as_typed=as_typed) for s in sentences(text)]


_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty "
                                          "ninety".split()) if w != "_"}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
             "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
             "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
             "twentieth": 20, "thirtieth": 30}
_MONTHS = set("january february march april may june july august september october november "
              "december".split())
_FILLERS = {"um", "umm", "er", "erm", "uh", "uhm", "ah", "hmm"}


def norm_words(text: str, *, strict: bool = False) -> list[str]:
    """Words compared for word error, normalised as word error rates usually are.

    Both the words read out and the words heard go through the same steps, so
    only differences of *words* count, not of writing: lower case, accents
    folded ("Małgorzata"/"Malgorzata"), punctuation and the spoken punctuation
    words dropped, hesitations dropped ("er", "um": recognisers leave them out
    on purpose), numbers as digits whether said or written ("twenty"/"20",
    "third"/"3rd"/"3"), a date said as "the 6th of March" the same as "6
    March", and American spellings the same as British ("-ize"/"-ise",
    "neighbor"/"neighbour": the recogniser writes American). ``strict=True``
    is the earlier comparison (lower case, punctuation and digits only),
    kept so figures can be compared with those measured before.
    """
    if strict:
        return _strict_words(text)
    text = fold(text).replace("’", "").replace("'", "")
    text = re.sub(r"(\d)[.:](\d)", r"\1 \2", text)
    text = re.sub(r"\b(\d\d)(\d\d)\b", r"\1 \2", text)  # "1545" said "fifteen forty-five"
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"(\d)([a-z])", r"\1 \2", text)
    text = re.sub(r"\bp\.?\s?m\b\.?", "pm", text)
    text = re.sub(r"\ba\.?\s?m\b\.?", "am", text)
    text = text.replace("%", " percent ")
    text = re.sub(r"[^\w\s]|_|-", " ", text)
    for mark in sorted(SPOKEN_MARKS, key=len, reverse=True):
        text = re.sub(rf"\b{mark}\b", " ", text)
    words = [_british(w) for w in text.split() if w not in _FILLERS]
    words = _digits(words)
    # "the 6 of march" (as said) and "6 march" (as written) are the same date.
    out: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        after = words[i + 2] if i + 2 < len(words) else ""
        if w == "the" and nxt.isdigit() and (after in _MONTHS or after == "of"):
            continue
        if w == "of" and out and out[-1].isdigit() and nxt in _MONTHS:
            continue
        out.append(w)
    return out


def _digits(words: list[str]) -> list[str]:
    """Number words as digits: "twenty five" -> "25", "third" -> "3"."""
    out: list[str] = []
    for w in words:
        if w in _ORDINALS:
            w = str(_ORDINALS[w])
        elif w in _UNITS:
            value = _UNITS.index(w)
            if out and out[-1] in {str(t) for t in _TENS.values()} and 0 < value < 10:
                out[-1] = str(int(out[-1]) + value)
                continue
            w = str(value)
        elif w in _TENS:
            w = str(_TENS[w])
        out.append(w)
    return out


def _british(word: str) -> str:
    spelt = _spellings().get(word)
    if spelt:
        return spelt
    return re.sub(r"iz(e|ed|es|ing|ation|ations)$", r"is\1", word) if len(word) > 5 else word


@functools.lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    """American spellings as British, from the respelling data (not "mom": that is a word)."""
    from recorder.reference.datafile import read_toml
    from recorder.resources import resource

    words = read_toml(resource("dictation", "recognised.toml")).get("words", {})
    return {k.replace("'", ""): v for k, v in words.items()
            if " " not in v and not k.startswith(("mom", "diaper", "kindergarten"))}


def fold(text: str) -> str:
    """Lower case with accents folded, as the evaluation's scorer folds them."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


_FOLD = str.maketrans({"ł": "l", "Ł": "l", "ı": "i", "ß": "ss", "ø": "o", "Ø": "o", "đ": "d",
                       "Đ": "d", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe"})


def _strict_words(text: str) -> list[str]:
    text = text.casefold().replace("’", "").replace("'", "")
    text = re.sub(r"(\d)[.:](\d)", r"\1\2", text)
    text = re.sub(r"(\d)([a-z])", r"\1 \2", text)
    text = re.sub(r"\bp\.?\s?m\b\.?", "pm", text)
    text = re.sub(r"\ba\.?\s?m\b\.?", "am", text)
    text = re.sub(r"[^\w\s]|_|-", " ", text)
    for mark in sorted(SPOKEN_MARKS, key=len, reverse=True):
        text = re.sub(rf"\b{mark}\b", " ", text)
    return text.split()


@dataclass
class WordErrors:
    """Errors counted over the words read out, split by what kind of word was missed."""

    words: int = 0
    errors: int = 0
    name_words: int = 0
    """Words of names on the family record, in the words read out."""
    name_errors: int = 0
    script_words: int = 0
    """Words in a script other than the Latin alphabet (Greek, Arabic): a voice reading
    English cannot say them, and a worker would not dictate them."""
    script_errors: int = 0
    deleted: int = 0
    """Words read out and missing from what was heard."""

    def add(self, ref: list[str], hyp: list[str], names: set[str]) -> None:
        self.words += len(ref)
        for r in ref:
            self.name_words += r in names
            self.script_words += _other_script(r)
        for kind, r in _errors(ref, hyp):
            self.errors += 1
            self.deleted += kind == "D"
            if kind != "I" and r in names:
                self.name_errors += 1
            elif kind != "I" and _other_script(r):
                self.script_errors += 1

    def rate(self) -> float:
        return self.errors / self.words if self.words else 0.0

    def other_rate(self) -> float:
        """Word error on every word but the names on the record and other scripts."""
        other = self.words - self.name_words - self.script_words
        wrong = self.errors - self.name_errors - self.script_errors
        return wrong / other if other else 0.0

    def name_rate(self) -> float:
        return self.name_errors / self.name_words if self.name_words else 0.0


def _other_script(word: str) -> bool:
    return any(ch.isalpha() and not ("a" <= ch <= "z") for ch in word)


def _errors(ref: list[str], hyp: list[str]) -> list[tuple[str, str]]:
    """The edits turning ``ref`` into ``hyp``: ("S"ubstituted/"D"eleted/"I"nserted, word)."""
    rows = [list(range(len(hyp) + 1))]
    for i, x in enumerate(ref, 1):
        row = [i]
        for j, y in enumerate(hyp, 1):
            row.append(min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (x != y)))
        rows.append(row)
    i, j, edits = len(ref), len(hyp), []
    while i or j:
        if i and j and rows[i][j] == rows[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            if ref[i - 1] != hyp[j - 1]:
                edits.append(("S", ref[i - 1]))
            i, j = i - 1, j - 1
        elif i and rows[i][j] == rows[i - 1][j] + 1:
            edits.append(("D", ref[i - 1]))
            i -= 1
        else:
            edits.append(("I", ""))
            j -= 1
    return edits

# -- voices -------------------------------------------------------------------------


def natural_voice():
    if importlib.util.find_spec("hibari") is None:
        return None
    from hibari import SAMPLE_RATE as RATE
    from hibari import Hibari

    # The voice inside the package; British voices are fetched at run time, so not used.
    tts = Hibari("heart")

    def say(text: str) -> np.ndarray:
        audio = tts(text, speed=1.0, seed=17)
        pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes()
        return to_mono_16k(pcm, rate=RATE)

    return say


def espeak_voice():
    if shutil.which("espeak-ng") is None:
        return None

    def say(text: str) -> np.ndarray:
        done = subprocess.run(["espeak-ng", "-v", "en-gb", "-s", "150", "--stdout", text],
                              capture_output=True, check=True)
        with tempfile.NamedTemporaryFile(suffix=".wav") as f:
            f.write(done.stdout)
            f.flush()
            return read_wav(f.name).samples

    return say


def speak(say, sentences_spoken: list[str], rng: np.random.Generator) -> np.ndarray:
    """Sentences read one by one, a breath (0.3-0.8 s) between them."""
    parts = []
    for sentence in sentences_spoken:
        parts.append(say(sentence))
        parts.append(np.zeros(int(SAMPLE_RATE * rng.uniform(0.3, 0.8)), np.float32))
    return np.concatenate(parts)


def with_noise(samples: np.ndarray, snr_db: float, rng: np.random.Generator) -> np.ndarray:
    """White noise at ``snr_db`` below the speech (measured over its voiced frames)."""
    voiced = samples[np.abs(samples) > 0.01]
    power = float(np.mean(np.square(voiced))) if voiced.size else 1e-6
    noise = rng.standard_normal(samples.size) * np.sqrt(power / 10 ** (snr_db / 10))
    return np.clip(samples + noise, -1, 1).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray) -> None:
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(SAMPLE_RATE)
        f.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


# -- recognition, in a process of its own ----------------------------------------------


def recognise_all(paths: dict[str, list[str]]) -> dict:
    """Loads the engine and transcribes each file with its hints; runs in a child process."""
    sys.path.insert(0, str(ROOT))
    from recorder.speech import read_wav, transcribe
    from recorder.speech.whisper import WhisperEngine

    started = time.perf_counter()
    engine = WhisperEngine.load()
    load_s = time.perf_counter() - started
    texts, cpu, wall, audio_s = {}, 0.0, 0.0, 0.0
    for path, hints in paths.items():
        audio = read_wav(path)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        texts[path] = transcribe(audio, engine, hints=hints)
        cpu += time.process_time() - cpu0
        wall += time.perf_counter() - wall0
        audio_s += audio.seconds
    peak_mb = peak_memory_mb()
    return {"texts": texts, "cpu": cpu, "wall": wall, "audio_s": audio_s, "load_s": load_s,
            "peak_mb": peak_mb, "engine": engine.name,
            "hinted": getattr(engine, "hinted", 0), "redone": getattr(engine, "redone", 0)}


def peak_memory_mb() -> float:
    """This process's peak resident memory. On Linux from VmHWM: ``ru_maxrss`` survives the
    exec that starts a child, so a child would report its parent's peak (spaCy, voices)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def reheard(path: Path, wanted: list[str]) -> dict:
    """The texts heard in an earlier run, kept in ``path``, in place of recognising again
    (found by the audio file's name, wherever that folder now is)."""
    kept = {Path(k).name: v for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    missing = [w for w in wanted if Path(w).name not in kept]
    if missing:
        raise SystemExit(f"{path} holds no text heard for {missing[0]}: run without "
                         "--reuse-heard")
    return {"texts": {w: kept[Path(w).name] for w in wanted}, "redone": 0, "hinted": 0,
            "audio_s": sum(read_wav(w).seconds for w in wanted),
            "engine": f"the text heard in an earlier run ({path.name})"}


def in_child(paths: dict[str, list[str]]) -> dict:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(recognise_all, (paths,))


# -- drafting -------------------------------------------------------------------------------


def load_scorer(path: Path):
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("eval_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def drafting_f1(scorer, drafter, cases: list[dict], dictations: dict[str, str], *,
                match_names: bool) -> tuple[float, dict[str, float], dict[str, dict]]:
    from recorder.dictation import pipeline
    from recorder.dictation.batch import LineProblem, draft_cases
    from recorder.dictation.recognised import Recognised, recognise

    lines = [json.dumps({**c, "dictation": dictations[c["id"]]}) for c in cases]
    pipeline.recognise = recognise if match_names else (lambda text, names: Recognised(text))
    try:
        found = {r["id"]: r["predicted"] for r in draft_cases(drafter, lines)
                 if not isinstance(r, LineProblem)}
    finally:
        pipeline.recognise = recognise
    rows, overall = scorer.score(cases, found)
    return overall, {field: row[2] for field, row in rows.items()}, found


def differences(scorer, case: dict, from_text: dict, from_audio: dict) -> list[str]:
    """Each field the draft from audio scores otherwise than the draft from text on this
    case, with both drafts' values and the answer."""
    rows_text, _ = scorer.score([case], {case["id"]: from_text})
    rows_audio, _ = scorer.score([case], {case["id"]: from_audio})
    out = []
    for field in scorer.FIELDS:
        if rows_text[field] == rows_audio[field]:
            continue
        pad = " " * len(field)
        out.append(f"{field}: text {json.dumps(from_text.get(field), ensure_ascii=False)}\n"
                   f"      {pad}audio {json.dumps(from_audio.get(field), ensure_ascii=False)}\n"
                   f"      {pad}expected "
                   f"{json.dumps(case['expected'].get(field), ensure_ascii=False)}")
    return out


def recordings(cases: list[dict]) -> list[list[dict]]:
    """Cases in order, joined into recordings of at least a minute (about 140 words)."""
    groups, current, words = [], [], 0
    for case in cases:
        current.append(case)
        words += len(case["dictation"].split())
        if words >= 150:
            groups.append(current)
            current, words = [], 0
    if current:
        if groups:
            groups[-1] += current
        else:
            groups.append(current)
    return groups


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, nargs="+", default=list(CASES))
    parser.add_argument("--voices", default="natural,espeak")
    parser.add_argument("--snr", type=float, default=10.0, help="noise: speech to noise, in dB")
    parser.add_argument("--hints", choices=("on", "off", "marks"), default="on",
                        help="give the engine the family's names as hint words (marks: "
                             "and the spoken punctuation words too, as a trial)")
    parser.add_argument("--model", default="auto", help='drafting pipeline: "auto" or "none"')
    parser.add_argument("--scorer", type=Path, default=SCORER)
    parser.add_argument("--keep", type=Path, help="keep the audio made in this folder")
    parser.add_argument("--reuse", type=Path, metavar="DIR",
                        help="take the audio kept in DIR by an earlier run (--keep DIR)")
    parser.add_argument("--reuse-heard", action="store_true",
                        help="with --reuse: take the text heard then too; recognise nothing")
    parser.add_argument("--as-typed", action="store_true",
                        help="read shorthand as typed and leave semicolons unsaid, as runs "
                             "before the reading said them as a worker does")
    parser.add_argument("--compare", action="store_true",
                        help="list where each case's draft from audio differs from the text's")
    args = parser.parse_args(argv)
    if args.reuse_heard and not args.reuse:
        parser.error("--reuse-heard needs --reuse DIR")
    # Imported here, not above: the recognising child process imports this module and
    # must not carry spaCy in the memory it measures.
    from recorder.dictation.context import context_from_case
    from recorder.dictation.recognised import recognise, record_names

    cases = [json.loads(line) for path in args.cases
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    groups = recordings(cases)
    makers = {"natural": natural_voice, "espeak": espeak_voice}
    folder = Path(args.keep or tempfile.mkdtemp(prefix="speech-bench-"))
    source = Path(args.reuse or folder)
    folder.mkdir(parents=True, exist_ok=True)
    scorer = load_scorer(args.scorer)
    drafter = None
    if scorer is not None:
        from recorder.dictation.pipeline import Drafter

        drafter = Drafter.load(args.model)
        text_f1, text_fields, from_text = drafting_f1(
            scorer, drafter, cases, {c["id"]: c["dictation"] for c in cases}, match_names=True)
        print(f"Drafting with {drafter.model_name}; from the text: F1 {text_f1:.3f}")
        print("  by field                   " + ", ".join(
            f"{field} {f1:.2f}" for field, f1 in text_fields.items()))
    else:
        print(f"No scorer at {args.scorer}: drafting is not scored.")
    print(f"{len(cases)} cases in {len(groups)} recordings; hints {args.hints}.")

    def hints(group: list[dict]) -> list[str]:
        if args.hints == "off":
            return []
        names = dict.fromkeys(n for c in group for n in record_names(context_from_case(c)))
        return [*names, *(TRIAL_MARKS if args.hints == "marks" else ())]

    try:
        for voice in args.voices.split(","):
            kept = [source / f"{voice}-{noise}-{c['id']}.wav" for c in cases
                    for noise in ("clean", "noise")]
            reused = bool(args.reuse) and all(path.is_file() for path in kept)
            say = None if reused else makers[voice]()
            if say is None and not reused:
                print(f"\n{voice}: the voice is not installed, skipped.")
                continue
            rng = np.random.default_rng(17)
            clean = {} if reused else {
                c["id"]: speak(say, spoken_dictation(c["dictation"], as_typed=args.as_typed), rng)
                for c in cases}
            for noise in ("clean", f"noise {args.snr:g} dB"):
                kind = noise.split()[0]
                if reused:
                    made = {c["id"]: read_wav(source / f"{voice}-{kind}-{c['id']}.wav").samples
                            for c in cases}
                else:
                    made = {cid: (a if noise == "clean" else with_noise(a, args.snr, rng))
                            for cid, a in clean.items()}
                per_case, whole = {}, {}
                for cid, samples in made.items():
                    path = (source if reused else folder) / f"{voice}-{kind}-{cid}.wav"
                    if not reused:
                        write_wav(path, samples)
                    per_case[cid] = str(path)
                for number, group in enumerate(groups, 1):
                    path = source / f"{voice}-{kind}-recording{number}.wav"
                    if not reused or not path.is_file():
                        path = folder / path.name
                        write_wav(path, np.concatenate([made[c["id"]] for c in group]))
                    whole[number] = str(path)
                heard_file = folder / f"{voice}-{kind}-transcripts.json"
                if args.reuse_heard:
                    result = reheard(source / heard_file.name, list(whole.values()))
                else:
                    result = in_child({whole[number]: hints(group)
                                       for number, group in enumerate(groups, 1)})
                counts = {(strict, match): WordErrors()
                          for strict in (True, False) for match in (False, True)}
                lengths, heard_counts, deleted = [], [], []
                for number, group in enumerate(groups, 1):
                    # The words read out: shorthand as said ("Tuesday" for "Tues").
                    said = " ".join(s for c in group
                                    for s in spoken_dictation(c["dictation"],
                                                              as_typed=args.as_typed))
                    heard = result["texts"][whole[number]]
                    names = [n for c in group for n in record_names(context_from_case(c))]
                    matched = recognise(heard, names).text
                    name_words = {w for n in names for w in norm_words(n)}
                    for (strict, match), count in counts.items():
                        count.add(norm_words(said, strict=strict),
                                  norm_words(matched if match else heard, strict=strict),
                                  name_words)
                    lengths.append(read_wav(whole[number]).seconds)
                    heard_counts.append(len(norm_words(heard)))
                    deleted.append(sum(kind == "D" for kind, _w in _errors(
                        norm_words(said), norm_words(heard))))
                if not args.reuse_heard:
                    heard_file.write_text(json.dumps(result["texts"], indent=1),
                                          encoding="utf-8")
                fair, fair_matched = counts[False, False], counts[False, True]
                print(f"\n{voice}, {noise}: {len(groups)} recordings of "
                      f"{min(lengths) / 60:.1f}-{max(lengths) / 60:.1f} min "
                      f"({result['audio_s'] / 60:.1f} min in all), {result['engine']}")
                print(f"  word error rate            {fair.rate():.3f} as heard, "
                      f"{fair_matched.rate():.3f} with names matched to the record")
                print(f"    on names on the record   {fair.name_rate():.3f} as heard, "
                      f"{fair_matched.name_rate():.3f} matched ({fair.name_words} words)")
                print(f"    on all other words       {fair.other_rate():.3f} as heard, "
                      f"{fair_matched.other_rate():.3f} matched")
                print(f"    compared strictly        {counts[True, False].rate():.3f} as heard, "
                      f"{counts[True, True].rate():.3f} matched (case, punctuation, digits only)")
                print(f"  words said, not heard      {fair.deleted} of {fair.words} "
                      f"({fair.deleted / max(fair.words, 1):.3f})")
                print("  words heard per recording  " + " ".join(map(str, heard_counts)))
                print("    of those said, not heard " + " ".join(map(str, deleted)))
                if result["hinted"]:
                    print(f"  stretches redone unhinted  {result['redone']} of "
                          f"{result['hinted']} (fewer words heard with hints, or hint "
                          "words written out that were not said)")
                if args.reuse_heard:
                    print("  speed and memory           not measured (the text heard was reused)")
                else:
                    print(f"  CPU s per audio s          "
                          f"{result['cpu'] / result['audio_s']:.3f}")
                    print(f"  real-time factor (wall)    "
                          f"{result['wall'] / result['audio_s']:.3f}")
                    print(f"  load time                  {result['load_s']:.2f} s")
                    print(f"  peak memory                {result['peak_mb']:.0f} MB")
                if drafter is not None:
                    by_id = {c["id"]: c for c in cases}
                    case_file = folder / f"{voice}-{kind}-case-transcripts.json"
                    if args.reuse_heard:
                        heard = reheard(source / case_file.name,
                                        list(per_case.values()))["texts"]
                    else:
                        heard = in_child({path: hints([by_id[cid]])
                                          for cid, path in per_case.items()})["texts"]
                        case_file.write_text(json.dumps(heard, indent=1), encoding="utf-8")
                    dictations = {cid: heard[path] for cid, path in per_case.items()}
                    raw, _, _ = drafting_f1(scorer, drafter, cases, dictations,
                                            match_names=False)
                    matched, fields, from_audio = drafting_f1(scorer, drafter, cases, dictations,
                                                              match_names=True)
                    print(f"  drafting F1 from audio     {raw:.3f} as heard, {matched:.3f} with "
                          f"names matched to the record (from text {text_f1:.3f})")
                    print("    by field, matched        " + ", ".join(
                        f"{field} {f1:.2f}" for field, f1 in fields.items()))
                    for path in args.cases:
                        ids = {json.loads(line)["id"] for line in
                               path.read_text(encoding="utf-8").splitlines() if line.strip()}
                        part = [c for c in cases if c["id"] in ids]
                        _rows, of_audio = scorer.score(part, from_audio)
                        _rows, of_text = scorer.score(part, from_text)
                        print(f"    {path.name:<24} {of_audio:.3f} from audio, "
                              f"{of_text:.3f} from text ({len(part)} cases)")
                    if args.compare:
                        for case in cases:
                            lost = differences(scorer, case, from_text.get(case["id"], {}),
                                               from_audio.get(case["id"], {}))
                            if lost:
                                print(f"\n    {case['id']}\n      " + "\n      ".join(lost))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
