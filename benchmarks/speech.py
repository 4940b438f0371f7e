"""How well and how fast speech becomes text here, and what that does to drafting.

Run: python benchmarks/speech.py [--cases FILE ...] [--voices natural,espeak] [--snr DB]
                                 [--model auto|none] [--scorer PATH] [--keep DIR]

Makes synthetic dictations of our own held-out cases (``tests/dictation/data/``,
fictional families with written answers), read aloud sentence by sentence
with spoken punctuation ("full stop", "comma", "open quote"): by the neural
voice of ``hibari-tts`` (the voice inside the package: American English)
and by ``espeak-ng`` (en-gb), each clean and with white noise added at
``--snr`` dB. Cases are joined into recordings of one to five minutes, as a
worker would dictate several visits. For each voice and noise it prints:

- word error rate of the recordings (words compared after lower-casing and
  dropping punctuation and the spoken punctuation words, numbers as digits);
- CPU seconds per audio second (all threads, in the recognising process) and
  wall-clock real-time factor;
- engine load time and the recognising process's peak memory;
- drafting F1 (the evaluation's ``score.py``) from each case's audio, before
  and after names are matched to the record, against drafting from its text.

Recognition runs in a child process so that its memory is measured alone.
Audio is made in a temporary folder and deleted unless ``--keep`` is given.
Needs the speech extra, ``hibari-tts`` and the ``espeak-ng`` program; a voice
that is missing is skipped with a note.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recorder.speech.audio import SAMPLE_RATE, read_wav, to_mono_16k  # noqa: E402

DATA = ROOT / "tests" / "dictation" / "data"
CASES = (DATA / "heldout.jsonl", DATA / "heldout-fresh.jsonl")
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
SPOKEN_MARKS = {"full stop", "comma", "open quote", "close quote", "new paragraph",
                "question mark", "colon", "semicolon"}
RECORDING_S = (60, 300)


# -- text as a worker would say it -------------------------------------------------


def sentences(text: str) -> list[str]:
    """Written dictation split into the sentences a worker says with a breath between."""
    parts = re.split(r"(?<=[.?!])[\"”’']?\s+|\n+", text.strip())
    return [p.strip() for p in parts if p.strip()]


def spoken(sentence: str) -> str:
    """A written sentence as dictated: its punctuation said aloud."""
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
        elif piece in (";", ":", "(", ")"):
            continue
        else:
            out.append(piece)
    return " ".join(out)


def spoken_dictation(text: str) -> list[str]:
    return [spoken(s) for s in sentences(text)]


def norm_words(text: str) -> list[str]:
    """Words compared for word error: lower case, no punctuation or spoken punctuation."""
    text = text.casefold().replace("’", "").replace("'", "")
    text = re.sub(r"(\d)[.:](\d)", r"\1\2", text)
    text = re.sub(r"(\d)([a-z])", r"\1 \2", text)
    text = re.sub(r"\bp\.?\s?m\b\.?", "pm", text)
    text = re.sub(r"\ba\.?\s?m\b\.?", "am", text)
    text = re.sub(r"[^\w\s]|_|-", " ", text)
    for mark in sorted(SPOKEN_MARKS, key=len, reverse=True):
        text = re.sub(rf"\b{mark}\b", " ", text)
    return text.split()


def edit_distance(a: list[str], b: list[str]) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


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


def recognise_all(paths: list[str]) -> dict:
    """Loads the engine and transcribes each file; runs in a child process."""
    sys.path.insert(0, str(ROOT))
    from recorder.speech import read_wav, transcribe
    from recorder.speech.whisper import WhisperEngine

    started = time.perf_counter()
    engine = WhisperEngine.load()
    load_s = time.perf_counter() - started
    texts, cpu, wall, audio_s = {}, 0.0, 0.0, 0.0
    for path in paths:
        audio = read_wav(path)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        texts[path] = transcribe(audio, engine)
        cpu += time.process_time() - cpu0
        wall += time.perf_counter() - wall0
        audio_s += audio.seconds
    peak_mb = peak_memory_mb()
    return {"texts": texts, "cpu": cpu, "wall": wall, "audio_s": audio_s, "load_s": load_s,
            "peak_mb": peak_mb, "engine": engine.name}


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


def in_child(paths: list[str]) -> dict:
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
                match_names: bool) -> float:
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
    return scorer.score(cases, found)[1]


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
    parser.add_argument("--model", default="auto", help='drafting pipeline: "auto" or "none"')
    parser.add_argument("--scorer", type=Path, default=SCORER)
    parser.add_argument("--keep", type=Path, help="keep the audio made in this folder")
    args = parser.parse_args(argv)
    # Imported here, not above: the recognising child process imports this module and
    # must not carry spaCy in the memory it measures.
    from recorder.dictation.context import context_from_case
    from recorder.dictation.recognised import recognise, record_names

    cases = [json.loads(line) for path in args.cases
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    groups = recordings(cases)
    makers = {"natural": natural_voice, "espeak": espeak_voice}
    folder = Path(args.keep or tempfile.mkdtemp(prefix="speech-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    scorer = load_scorer(args.scorer)
    drafter = None
    if scorer is not None:
        from recorder.dictation.pipeline import Drafter

        drafter = Drafter.load(args.model)
        text_f1 = drafting_f1(scorer, drafter, cases,
                              {c["id"]: c["dictation"] for c in cases}, match_names=True)
        print(f"Drafting with {drafter.model_name}; from the text: F1 {text_f1:.3f}")
    else:
        print(f"No scorer at {args.scorer}: drafting is not scored.")
    print(f"{len(cases)} cases in {len(groups)} recordings.")
    try:
        for voice in args.voices.split(","):
            say = makers[voice]()
            if say is None:
                print(f"\n{voice}: the voice is not installed, skipped.")
                continue
            rng = np.random.default_rng(17)
            clean = {c["id"]: speak(say, spoken_dictation(c["dictation"]), rng) for c in cases}
            for noise in ("clean", f"noise {args.snr:g} dB"):
                made = {cid: (a if noise == "clean" else with_noise(a, args.snr, rng))
                        for cid, a in clean.items()}
                per_case, whole = {}, {}
                for cid, samples in made.items():
                    path = folder / f"{voice}-{noise.split()[0]}-{cid}.wav"
                    write_wav(path, samples)
                    per_case[cid] = str(path)
                for number, group in enumerate(groups, 1):
                    path = folder / f"{voice}-{noise.split()[0]}-recording{number}.wav"
                    write_wav(path, np.concatenate([made[c["id"]] for c in group]))
                    whole[number] = str(path)
                result = in_child(list(whole.values()))
                errors = matched_errors = reference_words = 0
                lengths = []
                for number, group in enumerate(groups, 1):
                    ref = norm_words(" ".join(c["dictation"] for c in group))
                    heard = result["texts"][whole[number]]
                    hyp = norm_words(heard)
                    names = [n for c in group for n in record_names(context_from_case(c))]
                    matched = norm_words(recognise(heard, names).text)
                    errors += edit_distance(ref, hyp)
                    matched_errors += edit_distance(ref, matched)
                    reference_words += len(ref)
                    lengths.append(read_wav(whole[number]).seconds)
                (folder / f"{voice}-{noise.split()[0]}-transcripts.json").write_text(
                    json.dumps(result["texts"], indent=1), encoding="utf-8")
                print(f"\n{voice}, {noise}: {len(groups)} recordings of "
                      f"{min(lengths) / 60:.1f}-{max(lengths) / 60:.1f} min "
                      f"({result['audio_s'] / 60:.1f} min in all), {result['engine']}")
                print(f"  word error rate            {errors / reference_words:.3f} as heard, "
                      f"{matched_errors / reference_words:.3f} with names matched to the record")
                print(f"  CPU s per audio s          {result['cpu'] / result['audio_s']:.3f}")
                print(f"  real-time factor (wall)    {result['wall'] / result['audio_s']:.3f}")
                print(f"  load time                  {result['load_s']:.2f} s")
                print(f"  peak memory                {result['peak_mb']:.0f} MB")
                if drafter is not None:
                    heard = in_child(list(per_case.values()))["texts"]
                    dictations = {cid: heard[path] for cid, path in per_case.items()}
                    raw = drafting_f1(scorer, drafter, cases, dictations, match_names=False)
                    matched = drafting_f1(scorer, drafter, cases, dictations, match_names=True)
                    print(f"  drafting F1 from audio     {raw:.3f} as heard, {matched:.3f} with "
                          f"names matched to the record (from text {text_f1:.3f})")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
