"""How well drafting does on our own held-out cases, with the evaluation's scorer.

Run: python benchmarks/heldout_score.py [--cases FILE ...] [--scorer PATH] [--lexicons DIR]
                                         [--pipeline blank|statistical|both] [--mistakes]

Drafts each held-out file in ``tests/dictation/data/`` (``heldout.jsonl`` and
``heldout-trust.jsonl``, ``heldout-fresh.jsonl``: fictional cases in the format of
``../shared/eval/README.md``, with answers written before the drafter was run
on them; ``heldout-voices-f.jsonl`` to ``-m``: 16 cases each in a voice of its own,
fast regional dictation, formal reports, terse phone notes, chatty notes on
children looked after, a typist's third-person notes, speech software with no marks
from a worker whose first language is not English, a student's reflective notes and
out-of-hours timelines; ``-n`` to ``-z``: Signs of Safety records, a phone app that
writes every spoken mark, a family support worker's text-speak, a disabled children's
team, adolescents at risk of exploitation, hospital and pre-birth notes, Welsh English,
a rambling dictation from the car, a formal report by a worker trained overseas, a
residential home's log, a newly qualified worker's careful notes, a team manager's notes
and kinship care; ``-aa`` to ``-ac``: a front-door team's screening notes, a dictation
app that mishears, and unaccompanied asylum-seeking children; all written without sight
of the code), or the files given with
``--cases``, with the blank English pipeline
and, when one is installed, the statistical one. Scores both with ``score()`` from the evaluation's
``score.py``, imported by path, and prints each field's precision, recall and
F1 and the overall F1. ``--mistakes`` also lists, case by case, what each
draft got wrong. Without the scorer it says so and stops; it never edits a case.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from recorder.dictation.batch import LineProblem, draft_cases
from recorder.dictation.pipeline import STATISTICAL, Drafter

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "dictation" / "data"
CASES = (DATA / "heldout.jsonl", DATA / "heldout-trust.jsonl", DATA / "heldout-fresh.jsonl",
         *(DATA / f"heldout-voices-{v}.jsonl" for v in [*"fghijklmnopqrstuvwxyz", "aa", "ab",
                                                        "ac"]))
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def load_scorer(path: Path) -> ModuleType | None:
    """The evaluation's ``score.py`` as a module, or None when it is not there."""
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("eval_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predictions(drafter: Drafter, lines: list[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for result in draft_cases(drafter, lines):
        if isinstance(result, LineProblem):
            print(f"  {result}", file=sys.stderr)
        else:
            found[result["id"]] = result["predicted"]
    return found


def mistakes(scorer: ModuleType, case: dict, predicted: dict) -> list[str]:
    """What the draft of one case got wrong, field by field, in words."""
    expected, out = case["expected"], []
    for field in scorer.SET_FIELDS:
        gold = {str(x) for x in expected.get(field) or []}
        got = {str(x) for x in predicted.get(field) or []}
        if gold != got:
            out.append(f"{field}: expected {sorted(gold)}, got {sorted(got)}")
    for field in ("visit_date", "visit_time"):
        if expected.get(field) != predicted.get(field):
            out.append(f"{field}: expected {expected.get(field)}, got {predicted.get(field)}")
    for field, same in (("new_people", scorer.same_person), ("actions", scorer.same_action)):
        gold, got = expected.get(field) or [], predicted.get(field) or []
        for g in gold:
            if not any(same(g, p) for p in got):
                out.append(f"{field}: missed {json.dumps(g, ensure_ascii=False)}")
        for p in got:
            if not any(same(g, p) for g in gold):
                out.append(f"{field}: not expected {json.dumps(p, ensure_ascii=False)}")
    gold, got = expected.get("child_voice") or [], predicted.get("child_voice") or []
    for g in gold:
        if not any(scorer.voice_found(g, p) for p in got):
            out.append(f"child_voice: missed {g!r}")
    for p in got:
        if not any(scorer.voice_found(g, p) for g in gold):
            out.append(f"child_voice: not expected {p!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, nargs="+", default=list(CASES))
    parser.add_argument("--scorer", type=Path, default=SCORER)
    parser.add_argument("--lexicons", default="", metavar="DIR",
                        help="draft with the lexicons in DIR instead of resources/dictation")
    parser.add_argument("--pipeline", choices=("blank", "statistical", "both"), default="both")
    parser.add_argument("--mistakes", action="store_true", help="list each draft's mistakes")
    args = parser.parse_args(argv)
    scorer = load_scorer(args.scorer)
    if scorer is None:
        print(f"No scorer at {args.scorer}: nothing to score with.", file=sys.stderr)
        return 0
    pipelines = [] if args.pipeline == "statistical" else ["none"]
    if args.pipeline != "blank":
        if any(importlib.util.find_spec(name) is not None for name in STATISTICAL):
            pipelines.append("auto")
        else:
            print("No statistical pipeline installed: scoring the blank one only.")
    for which in pipelines:
        drafter = Drafter.load(which, folder=args.lexicons)
        for path in args.cases:
            lines = path.read_text(encoding="utf-8").split("\n")
            cases = [json.loads(line) for line in lines if line.strip()]
            found = predictions(drafter, lines)
            rows, overall = scorer.score(cases, found)
            print(f"\n{path.name}, {drafter.model_name}: "
                  f"{len(found)} of {len(cases)} cases drafted")
            print(f"{'field':<26}{'precision':>10}{'recall':>10}{'f1':>8}")
            for field, (p, r, f1) in rows.items():
                print(f"{field:<26}{p:>10.3f}{r:>10.3f}{f1:>8.3f}")
            print(f"overall_f1: {overall:.3f}")
            if args.mistakes:
                for case in cases:
                    wrong = mistakes(scorer, case, found.get(case["id"], {}))
                    if wrong:
                        print(f"\n  {case['id']}")
                        for line in wrong:
                            print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
