"""A draft turned into suggestions for a visit form's fields, each with its dictation words.

The drafting (``pipeline.py``) knows nothing of forms; a form knows nothing of
dictation. This module sits between them: it says which field of a form each
drafted item would fill, in the value format that field's editor reads and
writes, and how adding or withdrawing one item changes a field's value. It
never decides for the user: every result is a suggestion, filed only once a
person has read it. No Qt and no SQL here; people are added to the family
network only through the store's verbs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from recorder.dictation.context import DictationContext
from recorder.dictation.draft import Action, Draft, DraftItem, Evidence, NewPerson
from recorder.dictation.lexicon import load_lexicon
from recorder.domain.changes import Changes
from recorder.domain.dates import uk_date
from recorder.domain.forms import FieldSpec, FieldType, FormSpec
from recorder.domain.people import Person, Relationship
from recorder.reference.datafile import DataFileError, line_of, read_toml
from recorder.reference.relationships import RelationshipVocabulary
from recorder.resources import resource

DICTATION_KEY = "dictation"
"""The name of a record's dictation (``Record.dictation``, its own field, not among the
values) where a save or the record editor names it beside the form's fields."""
SOURCE = "Drafted from dictation"
BINDING = "dictation"
NEW_PEOPLE = "new_people"
"""The ``field_id`` of a suggestion that is someone new to add to the family network."""

# Which draft field fills which form field, and the field types that can hold it.
_TARGETS: dict[str, tuple[str, tuple[FieldType, ...]]] = {
    "visit_date": ("visit_date", (FieldType.DATE,)),
    "visit_time": ("visit_time", (FieldType.TIME, FieldType.TEXT)),
    "visit_type": ("visit_type", (FieldType.CHOICE, FieldType.TEXT)),
    "present": ("present", (FieldType.PEOPLE,)),
    "absent": ("absent", (FieldType.PEOPLE,)),
    "child_voice": ("child_voice", (FieldType.LONG_TEXT,)),
    "worries": ("worries", (FieldType.LONG_TEXT,)),
    "actions": ("actions", (FieldType.TABLE,)),
}
SINGLE_VALUE = (
    # Field types that hold one value: a drafted value replaces what was there.
    FieldType.DATE,
    FieldType.TIME,
    FieldType.TEXT,
    FieldType.CHOICE,
    FieldType.YES_NO,
)


@dataclass(frozen=True)
class NewPersonOffer:
    """Someone the dictation mentions who is not on the record, as they would be added."""

    first_name: str
    last_name: str
    kind: str | None
    """A kind from ``relationships.toml`` (they are <kind> of the child), if one was guessed."""
    words: str
    """The name and relationship as the draft found them, to show the worker."""


@dataclass(frozen=True)
class FormSuggestion:
    """One drafted item as it would go into one field of the form.

    ``value`` is this item's part of the field's value, in the field editor's
    format: an ISO date, ``HH:MM``, one of the field's options, a person id
    (one of several in a people field), True or False, one line of long text,
    or one row of a table. For ``NEW_PEOPLE`` it is a :class:`NewPersonOffer`.
    """

    field_id: str
    value: Any
    field_label: str
    """The field's label on the form ("Who was present"), or "Someone new"."""
    words: str
    """The value as the worker reads it: "Fatmata Conteh (mother)"."""
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""
    """How the draft put it, which may say why when no words are given."""

    @property
    def label(self) -> str:
        """The whole suggestion in words: "Who was present: Fatmata Conteh (mother)"."""
        return f"{self.field_label}: {self.words}"


# -- data files ---------------------------------------------------------------


@cache
def worry_labels() -> dict[str, str]:
    """Worry tag to its plain-English name, as ``resources/dictation/worries.toml`` gives it.

    One list of worries, read by the drafting and here alike, so a name changed
    there reads the same on every form.

    :raises DataFileError: naming the file and line when the list is broken
    """
    return {worry.tag: worry.label for worry in load_lexicon().worries}


def worry_name(tag: str, labels: dict[str, str]) -> str:
    return labels.get(tag) or tag.replace("_", " ").capitalize()


def new_person_words(
    vocabulary: RelationshipVocabulary, path: Path | None = None
) -> dict[str, str]:
    """Words for someone new ("nan", "mum's partner") to relationship kinds.

    :raises DataFileError: when a word names a kind ``relationships.toml`` does not have
    """
    path = path or resource("new_person_words.toml")
    words = _new_person_words(path)
    for word, kind in words.items():
        if kind not in vocabulary:
            raise DataFileError(
                path,
                f"{word!r} names {kind!r}, which is not a relationship in relationships.toml",
                line=line_of(path, f'= "{kind}"'),
            )
    return words


@cache
def _new_person_words(path: Path) -> dict[str, str]:
    table = read_toml(path).get("word")
    if not isinstance(table, dict):
        raise DataFileError(path, 'expected a [word] table of word = "kind" lines')
    for word, kind in table.items():
        if not isinstance(kind, str) or not kind.strip():
            raise DataFileError(
                path, f"{word!r} needs a relationship kind", line=line_of(path, word)
            )
    return {" ".join(word.casefold().split()): kind.strip() for word, kind in table.items()}


# -- a draft as suggestions ---------------------------------------------------


def form_suggestions(
    draft: Draft,
    form: FormSpec,
    context: DictationContext,
    *,
    child_id: str,
    vocabulary: RelationshipVocabulary,
    labels: dict[str, str] | None = None,
) -> list[FormSuggestion]:
    """Every item of ``draft`` that ``form`` has a field for, in the form's order.

    Whether the child was seen (and seen alone) follows from who was present.
    New people come last. Items the form has nowhere to put (a professional
    mentioned, a brother seen alone) are left out; the dictation still holds them.

    :param child_id: the child the form is about
    :param labels: worry tag names (``worry_labels()`` by default)
    """
    labels = worry_labels() if labels is None else labels
    found: dict[str, list[FormSuggestion]] = {}

    def add(spec: FieldSpec, value: Any, label: str, item: DraftItem) -> None:
        already = found.setdefault(spec.id, [])
        if spec.type in SINGLE_VALUE and already:
            return  # one value per single field: the first the dictation gave
        if any(s.value == value for s in already):
            return
        already.append(FormSuggestion(spec.id, value, spec.label, label, item.evidence, item.label))

    for item in draft.items:
        target = _TARGETS.get(item.field)
        if target is None:
            continue
        if not item.evidence:
            continue  # every drafted answer shows the words it came from; without them, none
        spec = form.field(target[0])
        if spec is None or spec.type not in target[1]:
            continue
        shaped = _shaped(item, spec, context, labels)
        if shaped is not None:
            add(spec, shaped[0], shaped[1], item)

    seen = form.field("child_seen")
    alone = form.field("child_seen_alone")
    for item in draft.items:
        if item.value != child_id or not item.evidence or item.inferred:
            continue  # whether the child was seen is answered only where the dictation says so
        if item.field in ("present", "seen_alone") and _is(seen, FieldType.YES_NO):
            add(seen, True, "Yes", item)
        if item.field == "absent" and _is(seen, FieldType.YES_NO):
            add(seen, False, "No (not there)", item)
        if item.field == "seen_alone" and _is(alone, FieldType.YES_NO):
            add(alone, True, "Yes", item)

    order = {spec.id: n for n, spec in enumerate(form.fields)}
    result = [s for field_id in sorted(found, key=order.__getitem__) for s in found[field_id]]
    words = new_person_words(vocabulary)
    for item in draft.of("new_people"):
        if isinstance(item.value, NewPerson) and item.value.name.strip():
            offer = new_person_offer(item.value, vocabulary, words)
            relation = item.value.relationship or "relationship not said"
            result.append(
                FormSuggestion(
                    NEW_PEOPLE,
                    offer,
                    "Someone new",
                    f"{item.value.name} ({relation}): add to the family network?",
                    item.evidence,
                    item.label,
                )
            )
    return result


def mentioned_lines(draft: Draft) -> list[str]:
    """What the dictation mentions but does not assert or agree, one line each with its words:
    ``Alcohol misuse (denied or ruled out): “denied any drinking”``. Shown, never filed."""
    lines = []
    for item in draft.set_aside:
        words = " … ".join(" ".join(e.words.split()) for e in item.evidence if e.words.strip())
        lines.append(f"{item.label}: “{words}”" if words else item.label)
    return lines


def _is(spec: FieldSpec | None, kind: FieldType) -> bool:
    return spec is not None and spec.type is kind


def _shaped(
    item: DraftItem, spec: FieldSpec, context: DictationContext, labels: dict[str, str]
) -> tuple[Any, str] | None:
    """The item's part of the field's value, and how to say it; None if it does not fit."""
    value = item.value
    if item.field == "visit_date":
        return (value.isoformat(), uk_date(value)) if isinstance(value, date) else None
    if item.field == "visit_time":
        return (value, value) if isinstance(value, str) and value else None
    if item.field == "visit_type":
        if spec.type is FieldType.CHOICE and value not in spec.options:
            return None
        return (value, value) if isinstance(value, str) and value else None
    if item.field in ("present", "absent"):
        person = context.person(value) if isinstance(value, str) else None
        return (value, person_words(person)) if person else None
    if item.field == "child_voice":
        text = " ".join(str(value).split())
        return (text, f"“{text}”") if text else None
    if item.field == "worries":
        line = worry_line(str(value), item.evidence, labels)
        return line, line
    if item.field == "actions" and isinstance(value, Action):
        row = action_row(value, spec)
        return (row, action_words(value, context)) if row else None
    return None


def person_words(person) -> str:
    relation = "the child" if person.relationship == "subject child" else person.relationship
    return f"{person.name} ({relation})" if relation else person.name


def worry_line(tag: str, evidence: tuple[Evidence, ...], labels: dict[str, str]) -> str:
    """``Domestic abuse: “…the words…”``: the worry's name and what was said."""
    words = " … ".join(" ".join(e.words.split()) for e in evidence if e.words.strip())
    name = worry_name(tag, labels)
    return f"{name}: “{words}”" if words else name


def action_row(action: Action, spec: FieldSpec) -> dict[str, Any] | None:
    """A table row as the table editor reads it back: every column, the first text column
    holding the wording, the owner key or id, the due date as ISO; None if nowhere fits."""
    row: dict[str, Any] = {column.id: None for column in spec.columns}
    worded = False
    for column in spec.columns:
        if column.type is FieldType.OWNER:
            row[column.id] = action.owner or None
        elif column.type is FieldType.DATE:
            row[column.id] = action.due.isoformat() if action.due else None
        elif column.type is FieldType.TEXT and not worded:
            row[column.id] = action.text.strip() or None
            worded = True
    return row if worded and row_has_text(row) else None


def row_has_text(row: dict[str, Any]) -> bool:
    return any(isinstance(v, str) and v.strip() for v in row.values())


def action_words(action: Action, context: DictationContext) -> str:
    owner = owner_name(action.owner, context)
    due = f"by {uk_date(action.due)}" if action.due else "no date given"
    return f"{action.text} ({owner}, {due})"


def owner_name(owner: str, context: DictationContext) -> str:
    if owner == "worker":
        return f"the social worker ({context.worker_name})" if context.worker_name else "you"
    if owner == "family":
        return "the family"
    person = context.person(owner)
    if person:
        return person.name
    professional = context.professional(owner)
    if professional:
        return ", ".join(p for p in (professional.name, professional.role) if p)
    return owner


# -- one suggestion in or out of a field's value ------------------------------


def with_suggestion(spec: FieldSpec, value: Any, part: Any) -> Any:
    """``value`` with ``part`` added: a person ticked, a line or row added, or the value set."""
    if spec.type in (FieldType.PEOPLE, FieldType.CHOICES):
        current = list(value or [])
        return current if part in current else [*current, part]
    if spec.type is FieldType.LONG_TEXT:
        lines = _lines(value)
        if _norm(part) in {_norm(line) for line in lines}:
            return value
        return "\n".join([*lines, part]) if lines else part
    if spec.type is FieldType.TABLE:
        rows = list(value or [])
        return rows if part in rows else [*rows, part]
    return part


def without_suggestion(spec: FieldSpec, value: Any, part: Any) -> Any:
    """``value`` with ``part`` taken out again, as far as it is still there unchanged."""
    if spec.type in (FieldType.PEOPLE, FieldType.CHOICES):
        rest = [v for v in (value or []) if v != part]
        return rest or None
    if spec.type is FieldType.LONG_TEXT:
        rest = [line for line in _lines(value) if _norm(line) != _norm(part)]
        return "\n".join(rest) or None
    if spec.type is FieldType.TABLE:
        rows = list(value or [])
        if part in rows:
            rows.remove(part)
        return rows or None
    return None if value == part else value


def holds_suggestion(spec: FieldSpec, value: Any, part: Any) -> bool:
    """Whether ``value`` already has ``part`` in it (drafting twice adds nothing twice)."""
    if value is None:
        return False
    if spec.type in (FieldType.PEOPLE, FieldType.CHOICES, FieldType.TABLE):
        return part in (value or [])
    if spec.type is FieldType.LONG_TEXT:
        return _norm(part) in {_norm(line) for line in _lines(value)}
    return value == part


def _lines(value: Any) -> list[str]:
    return [line for line in str(value or "").split("\n") if line.strip()]


def _norm(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


def drafted_provenance(
    value: Any, evidence: list[Evidence] | tuple[Evidence, ...], *, accepted: bool = False
) -> dict[str, Any]:
    """What a record keeps about a drafted value: its source and the dictation words."""
    return {
        "source": SOURCE,
        "binding": BINDING,
        "suggested": value,
        "accepted": accepted,
        "evidence": [[e.start, e.end, e.words] for e in evidence],
    }


# -- someone new to the family network ----------------------------------------

# "Mrs Okafor" gives a surname; "Auntie Grace" gives a first name.
_FORMAL_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr"}
_FAMILY_TITLES = {"nan", "nana", "nanna", "gran", "granny", "auntie", "aunty", "aunt", "uncle"}


def new_person_offer(
    person: NewPerson, vocabulary: RelationshipVocabulary, words: dict[str, str]
) -> NewPersonOffer:
    """How someone new would be added: a name split in two, and a guessed relationship."""
    parts = person.name.split()
    title = parts[0].casefold().rstrip(".") if len(parts) > 1 else ""
    if title in _FORMAL_TITLES:
        parts = parts[1:] if len(parts) > 2 else ["", parts[1]]
    elif title in _FAMILY_TITLES:
        parts = parts[1:]
    first, last = (parts[0], " ".join(parts[1:])) if parts else ("", "")
    relation = person.relationship or ""
    shown = f"{person.name} ({relation})" if relation else person.name
    return NewPersonOffer(first, last, relationship_kind(relation, vocabulary, words), shown)


def relationship_kind(
    words: str, vocabulary: RelationshipVocabulary, synonyms: dict[str, str]
) -> str | None:
    """The relationship kind for a worker's words ("maternal nan" → grandmother), if any."""
    text = " ".join(words.casefold().replace("’", "'").split())
    for side in ("maternal ", "paternal "):
        text = text.removeprefix(side)
    for prefix in ("her ", "his ", "their ", "the child's "):
        text = text.removeprefix(prefix)
    if text in synonyms:
        return synonyms[text]
    for key, kind in vocabulary.kinds.items():
        if text in (kind.label.casefold(), key.replace("_", " ")):
            return key
    return None


def add_to_family_network(store, child_id: str, offers: list[NewPersonOffer]) -> Changes:
    """Add each offer as a person, related to the child where a kind is chosen, in one go.

    :param store: the open ``recorder.store.Store``
    :param child_id: the child the record is about
    """
    done = Changes()
    with store.transaction():
        for offer in offers:
            person = Person(offer.first_name.strip(), offer.last_name.strip())
            done |= store.people.add(person)
            if offer.kind:
                done |= store.relationships.add(Relationship(person.id, offer.kind, child_id))
    return done
