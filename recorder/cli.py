"""Commands for everything that is not the window: ``python -m recorder <command>``.

Each command prints what it did, reports problems in a sentence on standard
error and returns a non-zero exit status; it never shows a traceback for a
user's mistake.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from recorder.reference import DataFileError
from recorder.sign_in_command import add_sign_in_arguments, open_signed_in_for_command
from recorder.store import StoreError


def _demo(args: argparse.Namespace) -> int:
    from recorder.demo import create_demo_database

    try:
        store = create_demo_database(Path(args.db))
    except FileExistsError as e:
        print(e, file=sys.stderr)
        return 1
    counts = {
        table: store.rows(f"SELECT count(*) AS n FROM {table}")[0]["n"]
        for table in ("cases", "people", "households", "records")
    }
    store.close()
    print(
        f"Wrote the demo caseload to {args.db}: {counts['cases']} children with open cases, "
        f"{counts['people']} people in {counts['households']} households, "
        f"{counts['records']} records."
    )
    if not args.quiet:
        from recorder.demo import read_demo_accounts

        print("It is encrypted. Sign in as one of the demo users (demo passwords only):")
        for name, password in read_demo_accounts().passwords.items():
            print(f"  {name}: {password}")
    return 0


def _cases_file(path: Path) -> bytes | None:
    """A cases file's bytes, or None once the reason it cannot be read is said."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        print(f"There is no file {path}.", file=sys.stderr)
    except IsADirectoryError:
        print(
            f"{path} is a folder; give the cases file (one JSON object per line).", file=sys.stderr
        )
    except OSError as e:
        print(f"{path} cannot be read ({e.strerror}).", file=sys.stderr)
    return None


def _draft(args: argparse.Namespace) -> int:
    import json

    from recorder.dictation.batch import LineProblem, case_lines, draft_cases
    from recorder.dictation.pipeline import Drafter

    path = Path(args.cases)
    data = _cases_file(path)
    if data is None:
        return 2
    lines = case_lines(data)
    drafter = Drafter.load(args.model)
    print(f"Drafting with {drafter.model_name}.", file=sys.stderr)
    problems = 0
    for result in draft_cases(drafter, lines, hear=_hearing(path.parent)):
        if isinstance(result, LineProblem):
            problems += 1
            print(f"{path.name}, {result}", file=sys.stderr)
        else:
            print(json.dumps(result, ensure_ascii=False), flush=False)
    sys.stdout.flush()
    return 0


def _hearing(folder: Path):
    """Transcribes a case's "audio" (a WAV path relative to the cases file), listening for
    the names on its family record, and loads the speech engine the first time a case
    needs it."""
    engine = []

    def hear(audio: str, names: tuple[str, ...] = ()) -> str:
        from recorder.speech import SpeechError, read_wav, transcribe
        from recorder.speech.whisper import WhisperEngine

        try:
            sound = read_wav(folder / audio)
            if not engine:
                engine.append(WhisperEngine.load())
                print(f"Transcribing with {engine[0].name}.", file=sys.stderr)
            return transcribe(sound, engine[0], hints=names)
        except SpeechError as e:
            raise ValueError(str(e)) from None

    return hear


def _transcribe(args: argparse.Namespace) -> int:
    import json

    from recorder.dictation.context import ContextError, context_from_case
    from recorder.dictation.recognised import recognise, record_names
    from recorder.speech import SpeechError, TranscribeState, read_wav, transcribe
    from recorder.speech.whisper import WhisperEngine

    names: tuple[str, ...] = ()
    if args.case:
        data = _cases_file(Path(args.case))
        if data is None:
            return 2
        try:
            names = record_names(context_from_case(json.loads(data.decode("utf-8"))))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            print(f"{args.case} is not a JSON case (one object, the evaluation format).",
                  file=sys.stderr)
            return 2
        except ContextError as e:
            print(f"{args.case}: {e}", file=sys.stderr)
            return 2
    try:
        audio = read_wav(args.audio)
        engine = WhisperEngine.load()
        print(f"Transcribing {audio.seconds:.0f} s of audio with {engine.name}.", file=sys.stderr)

        def progress(done: float, _text: str) -> None:
            print(f"[{done:.0%}]", file=sys.stderr)

        text = transcribe(audio, engine, TranscribeState(progress=progress), hints=names)
    except SpeechError as e:
        print(e, file=sys.stderr)
        return 2
    respelt = recognise(text, names)
    for change in respelt.changes:
        print(f"Changed: {change.heard} → {change.written} ({change.why})", file=sys.stderr)
    print(respelt.text)
    return 0


def _visit_clock(args: argparse.Namespace) -> int:
    import json

    from recorder.reference import load_reference_data
    from recorder.visit_clock_file import LineProblem, predictions

    path = Path(args.cases)
    data = _cases_file(path)
    if data is None:
        return 2
    try:
        # Lines end at newlines only: a case whose text holds U+2028 stays one line.
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        print(f"{path} is not UTF-8 text.", file=sys.stderr)
        return 2
    reference = load_reference_data()
    for result in predictions(lines, visits=reference.visits, calendar=reference.calendar):
        if isinstance(result, LineProblem):
            print(f"{path.name}, {result}", file=sys.stderr)
        else:
            print(json.dumps(result))
    return 0


def _export(args: argparse.Namespace) -> int:
    from recorder.domain.consent import AccessAction
    from recorder.export import (
        ExportError,
        document_name,
        export_document,
        gather_material,
        gather_materials,
        load_export_settings,
        write_documents,
    )
    from recorder.forms.definitions import load_forms
    from recorder.reference import load_reference_data

    db = Path(args.db)
    if not db.is_file():
        print(f"There is no database at {db}.", file=sys.stderr)
        return 2
    settings = load_export_settings()
    if args.empty_fields:
        settings = settings.with_empty_fields(args.empty_fields)
    forms = load_forms()
    vocabulary = load_reference_data().relationships
    out = Path(args.out)
    store = open_signed_in_for_command(args, db)
    try:
        if args.record:
            material = gather_material(store, args.record, vocabulary=vocabulary)
            if out.is_dir():
                out = out / document_name(material, forms)
            elif out.suffix.lower() != ".docx":
                print(f"{out} should end in .docx (a Word document).", file=sys.stderr)
                return 2
            try:
                path = export_document(material, out, forms=forms, settings=settings)
            except ExportError as e:
                print(e, file=sys.stderr)
                return 2
            store.access.record(AccessAction.EXPORTED, record_id=args.record, detail=path.name)
            print(f"Exported the record to {path}.")
            return 0
        ids = store.records.ids(case_id=args.case, finished_only=args.finished_only)
        if not ids:
            which = f"Case {args.case} has" if args.case else "The database has"
            kind = "finished records" if args.finished_only else "records"
            print(f"{which} no {kind} to export.")
            return 0

        def progress(done: int, total: int, what: str) -> None:
            print(f"[{done}/{total}] {what}", file=sys.stderr)

        materials = gather_materials(store, ids, vocabulary=vocabulary)
        try:
            result = write_documents(
                materials, out, forms=forms, settings=settings, total=len(ids), progress=progress
            )
        except ExportError as e:
            print(e, file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("Stopped. The documents written so far are complete.", file=sys.stderr)
            return 130
        failed = {p.record_id for p in result.problems}
        for record_id in ids:
            if record_id not in failed:
                store.access.record(AccessAction.EXPORTED, record_id=record_id, detail="batch")
    finally:
        store.close()
    for problem in result.problems:
        print(f"Record {problem.record_id} was not exported: {problem.message}", file=sys.stderr)
    print(result.summary())
    return 1 if result.problems else 0


def _import(args: argparse.Namespace) -> int:
    from recorder.forms.definitions import load_forms
    from recorder.importing import run_import, summary_lines
    from recorder.reference import load_reference_data

    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"There is no folder {folder}: give the folder holding the CSV files.",
              file=sys.stderr)  # fmt: skip
        return 2
    db = Path(args.db)
    if not db.is_file():
        print(f"There is no database at {db}: make it in the app first (its first start "
              "makes the team manager's account), then import into it.",
              file=sys.stderr)  # fmt: skip
        return 2
    forms = load_forms()
    visit_form = forms.forms.get("home_visit")
    if visit_form is None:
        print("The home visit form (forms/home_visit.toml) is missing: past visits are "
              "recorded on it.", file=sys.stderr)  # fmt: skip
        return 2
    reference = load_reference_data()
    store = open_signed_in_for_command(args, db)
    try:
        result = run_import(
            store,
            folder,
            vocabulary=reference.relationships,
            ethnicities=reference.ethnicities,
            visit_form=(visit_form.id, visit_form.version),
            dry_run=args.dry_run,
            say=lambda line: print(line, file=sys.stderr, flush=True),
        )
    finally:
        store.close()
    for line in summary_lines(result, dry_run=args.dry_run):
        print(line)
    for note in result.plan.notes:
        print(f"Note: {note}", file=sys.stderr)
    if result.problems:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        count = len(result.problems)
        print(
            f"{count:,} problem{'s' if count != 1 else ''} found. "
            + ("" if args.dry_run else "Nothing was imported: put them right and run it again."),
            file=sys.stderr,
        )
        return 1
    if not args.dry_run:
        print(f"Imported into {db}." if result.written else "Nothing new to import.")
    return 0


def _chronology(args: argparse.Namespace) -> int:
    from datetime import date

    from recorder.chronology import child_chronology
    from recorder.export import ExportError, load_export_settings
    from recorder.export.chronology import chronology_file_name, export_chronology
    from recorder.forms.definitions import load_forms
    from recorder.store import NotFoundError

    db = Path(args.db)
    if not db.is_file():
        print(f"There is no database at {db}.", file=sys.stderr)
        return 2
    settings = load_export_settings()
    forms = load_forms()
    today = date.today()
    store = open_signed_in_for_command(args, db)
    try:
        try:
            chronology = child_chronology(
                store, args.child, visit_forms=forms.visit_form_ids(),
                form_titles=forms.titles(), on=today,
            )  # fmt: skip
        except NotFoundError:
            print(f"There is no person with id {args.child} in {db}.", file=sys.stderr)
            return 2
    finally:
        store.close()
    out = Path(args.out)
    if out.is_dir():
        out = out / chronology_file_name(chronology, today)
    elif out.suffix.lower() != ".docx":
        print(f"{out} should end in .docx (a Word document).", file=sys.stderr)
        return 2
    try:
        path = export_chronology(chronology, out, settings=settings, produced_by="", today=today)
    except ExportError as e:
        print(e, file=sys.stderr)
        return 2
    print(f"Exported the chronology ({len(chronology.events)} events) to {path}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m recorder",
        description="Case Recorder commands. To open the window, run: python main.py",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    demo = commands.add_parser("demo", help="write the fictional demo caseload into a new database")
    demo.add_argument("--db", required=True, metavar="PATH", help="the new database file")
    demo.add_argument("--quiet", action="store_true", help="leave out the demo accounts list")
    demo.set_defaults(run=_demo)
    draft = commands.add_parser(
        "draft",
        help="draft visit notes from a file of dictations (one JSON case per line) "
        "and print the drafts, one JSON object per line",
    )
    draft.add_argument("cases", metavar="CASES.jsonl", help="the cases to draft")
    draft.add_argument(
        "--model",
        default="auto",
        metavar="NAME",
        help='"auto" (default: the English statistical pipeline when installed), '
        '"none" (blank English), or a spaCy package name',
    )
    draft.set_defaults(run=_draft)

    hear = commands.add_parser(
        "transcribe",
        help="transcribe a WAV recording on this computer and print the text",
        description="Transcribe a WAV recording on this computer (nothing is sent anywhere) "
        "and print the text. Needs the speech extra: pip install -e \".[speech]\".",
    )
    hear.add_argument("audio", metavar="AUDIO.wav", help="the recording")
    hear.add_argument(
        "--case", metavar="CASE.json",
        help="one case in the evaluation format: names heard are spelt as its family's are",
    )  # fmt: skip
    hear.set_defaults(run=_transcribe)

    clock = commands.add_parser(
        "visit-clock",
        help="work out each case's last visit that counts, next statutory visit and whether "
        "it is overdue, from a file of cases (one JSON object per line)",
    )
    clock.add_argument("cases", metavar="CASES.jsonl", help="the cases")
    clock.set_defaults(run=_visit_clock)

    export = commands.add_parser(
        "export",
        help="export records as Word documents: one record, a case's records, or all",
        description="Export records as Word documents (.docx), laid out from their forms.",
    )
    export.add_argument("--db", required=True, metavar="PATH", help="the database file")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--record", metavar="ID", help="one record, written to --out FILE.docx")
    which.add_argument("--case", metavar="ID", help="every record of a case, into --out FOLDER")
    which.add_argument("--all", action="store_true", help="every record, into --out FOLDER")
    export.add_argument(
        "--out", required=True, metavar="FILE_OR_FOLDER",
        help="the .docx file for one record; the folder (made if missing) for several",
    )  # fmt: skip
    export.add_argument(
        "--finished-only", action="store_true",
        help="with --case or --all: only finished and approved records",
    )  # fmt: skip
    export.add_argument(
        "--empty-fields", choices=["not_recorded", "leave_out"],
        help='print empty fields as "Not recorded", or leave them out '
        "(default: the setting in resources/export.toml)",
    )  # fmt: skip
    add_sign_in_arguments(export)
    export.set_defaults(run=_export)

    importing = commands.add_parser(
        "import",
        help="import a caseload from a council's CSV files (all or nothing)",
        description="Import people, households, relationships, professionals, cases and past "
        "visits from the CSV files in FOLDER (see resources/import-template/README.md). "
        "Any problem and nothing is written; importing the same files again matches what "
        "is already there.",
    )
    importing.add_argument("--db", required=True, metavar="PATH", help="the database file")
    importing.add_argument("folder", metavar="FOLDER", help="the folder of CSV files")
    importing.add_argument(
        "--dry-run", action="store_true",
        help="check the files and say what would be added, matched and refused; write nothing",
    )  # fmt: skip
    add_sign_in_arguments(importing)
    importing.set_defaults(run=_import)

    chronology = commands.add_parser(
        "chronology",
        help="export one child's chronology as a Word document",
    )
    chronology.add_argument("--db", required=True, metavar="PATH", help="the database file")
    chronology.add_argument("--child", required=True, metavar="ID", help="the child's id")
    chronology.add_argument(
        "--out", required=True, metavar="FILE_OR_FOLDER",
        help="the .docx file, or a folder to save it in under the child's name",
    )  # fmt: skip
    add_sign_in_arguments(chronology)
    chronology.set_defaults(run=_chronology)

    from recorder.verify_command import add_parser as add_verify

    add_verify(commands)

    from recorder.server.commands import add_parsers as add_sync_service

    add_sync_service(commands)

    from recorder.sync_command import add_parser as add_sync

    add_sync(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (DataFileError, StoreError) as e:
        print(e, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
