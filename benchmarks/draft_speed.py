"""How long drafting takes: a 300-word and a 1,500-word dictation, and loading the model.

Run: python benchmarks/draft_speed.py [--runs N] [--cpu]

Prints, for the blank English pipeline and (when installed) the statistical
one: the load time, then the median and 95th percentile time to draft each
dictation after warm-up. The family and the dictation are fictional.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from recorder.dictation.context import DictationContext, KnownPerson, KnownProfessional
from recorder.dictation.pipeline import STATISTICAL, Drafter

FAMILY = DictationContext(
    recorded_on=date(2026, 11, 18),
    worker_name="Morwenna Pryce",
    people=(
        KnownPerson("c1", "Ottilie", "Brannagh", "subject child", known_as="Tilly",
                    date_of_birth=date(2016, 5, 2)),
        KnownPerson("c2", "Fionn", "Brannagh", "sibling", date_of_birth=date(2020, 1, 9)),
        KnownPerson("a1", "Roisin", "Brannagh", "mother"),
        KnownPerson("a2", "Declan", "Oyelaran", "stepfather"),
        KnownPerson("a3", "Maeve", "Brannagh", "maternal grandmother"),
    ),
    professionals=(
        KnownProfessional("x1", "Priyanka Lowther", "Designated Safeguarding Lead",
                          "Harrowgate Lane Primary"),
        KnownProfessional("x2", "Tegan Ashdown", "Health Visitor", "North 0-19 Service"),
    ),
)

PARAGRAPHS = [
    "Planned home visit to Tilly and Fionn comma I arrived at 4.10pm full stop mum Roisin and "
    "Fionn were home comma Declan was at work and nan was not there today full stop new "
    "paragraph",
    "I saw Tilly on her own in her bedroom full stop she showed me her drawings and said open "
    "quote I like it when nan picks me up from school close quote full stop she said she "
    "wants to go to the after school club with her friends full stop",
    "Mum said things have been calmer since the last core group comma she has been going to "
    "the parenting group on Wednesdays full stop there were no concerns about alcohol and the "
    "home was clean and warm comma food in the cupboards full stop",
    "Fionn was playing with his cars in the living room comma he was clean and chatty full "
    "stop the HV Tegan is seeing Fionn on Tuesday for his review full stop",
    "Mum said money has been tight since Declan's hours were cut and they have been using the "
    "food bank full stop I gave her details of the household support fund full stop",
    "Actions colon I will make a referral to the household support fund by Friday comma mum "
    "agreed to ring Mrs Lowther about the uniform grant tomorrow comma I will speak to Declan "
    "about the core group in two weeks full stop",
]


def dictation(words: int) -> str:
    out: list[str] = []
    k = 0
    while len(" ".join(out).split()) < words:
        out.append(PARAGRAPHS[k % len(PARAGRAPHS)])
        k += 1
    return " ".join(" ".join(out).split()[:words])


def timed(drafter: Drafter, text: str, runs: int, clock=time.perf_counter) -> tuple[float, float]:
    for _ in range(5):
        drafter.draft(text, FAMILY)
    times = []
    for _ in range(runs):
        start = clock()
        drafter.draft(text, FAMILY)
        times.append((clock() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--cpu", action="store_true",
                        help="also print processor time, steadier than wall time on a busy machine")
    args = parser.parse_args()
    for wanted in ("none", "auto"):
        start = time.perf_counter()
        drafter = Drafter.load(wanted)
        load = time.perf_counter() - start
        if wanted == "auto" and not any(name in drafter.model_name for name in STATISTICAL):
            print("statistical pipeline: not installed, skipped")
            continue
        print(f"pipeline: {drafter.model_name}")
        print(f"  load_seconds: {load:.2f}")
        for words in (300, 1500):
            median, p95 = timed(drafter, dictation(words), args.runs)
            print(f"  draft_{words}_words_ms: median {median:.1f}, p95 {p95:.1f}")
            if args.cpu:  # on a shared machine, the processor time this process used
                median, p95 = timed(drafter, dictation(words), args.runs, time.process_time)
                print(f"  draft_{words}_words_cpu_ms: median {median:.1f}, p95 {p95:.1f}")


if __name__ == "__main__":
    main()
