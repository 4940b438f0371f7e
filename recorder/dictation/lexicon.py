"""The words the drafting listens for, read from ``resources/dictation/*.toml``.

Every list is checked when it is read, so a mistake in a file names the file
and the line rather than surfacing as a wrong draft. Nothing here matches text;
``phrases.py`` does that.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recorder.reference.datafile import DataFileError, line_of, read_toml
from recorder.resources import resource

FOLDER = resource("dictation")


@dataclass(frozen=True)
class Relation:
    key: str
    words: tuple[str, ...]
    matches: tuple[str, ...]
    gender: str = ""
    youngest_child_under: int | None = None


@dataclass(frozen=True)
class RoleAliases:
    role: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class WorryTag:
    tag: str
    label: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    spoken: dict[str, Any]
    dates: dict[str, Any]
    relations: tuple[Relation, ...]
    groups: dict[str, tuple[str, ...]]
    titles: dict[str, str]
    worker_words: tuple[str, ...]
    pronouns: dict[str, str]
    gender_words: dict[str, tuple[str, ...]]
    everyday_names: frozenset[str]
    new_person_words: dict[str, str]
    not_names_in_lower_case: frozenset[str]
    roles: tuple[RoleAliases, ...]
    cues: dict[str, dict[str, tuple[str, ...]]]
    worries: tuple[WorryTag, ...]
    depends_on_who: dict[str, dict[str, str]]
    depends_on_whom: dict[str, dict[str, str]]
    with_another_sign: frozenset[str]
    """Cues that raise their worry only beside another cue of it in the same sentence or
    the next."""

    def worry_label(self, tag: str) -> str:
        return next((w.label for w in self.worries if w.tag == tag), tag.replace("_", " "))


def load_lexicon(folder: Path = FOLDER) -> Lexicon:
    spoken_path, dates_path = folder / "spoken.toml", folder / "dates.toml"
    people_path, roles_path = folder / "people.toml", folder / "roles.toml"
    cues_path, worries_path = folder / "cues.toml", folder / "worries.toml"
    spoken = read_toml(spoken_path)
    _strings(spoken_path, spoken, "fillers", "corrections", "restart_words", "capitals",
             "said_twice_on_purpose")
    _table(spoken_path, spoken, "punctuation")
    dates = read_toml(dates_path)
    _strings(dates_path, dates, "weekdays", "months", "weekday_short", "month_short")
    for name in ("weekdays", "weekday_short"):
        if len(dates[name]) != 7:
            raise DataFileError(
                dates_path, f'"{name}" must list 7 days', line=line_of(dates_path, name)
            )
    for name in ("months", "month_short"):
        if len(dates[name]) != 12:
            raise DataFileError(
                dates_path, f'"{name}" must list 12 months', line=line_of(dates_path, name)
            )

    people = read_toml(people_path)
    relations = []
    for key, row in _table(people_path, people, "relation").items():
        if not isinstance(row, dict):
            raise DataFileError(
                people_path,
                f'relation "{key}" must be a table',
                line=line_of(people_path, f"[relation.{key}]"),
            )
        _strings(people_path, row, "words", "matches", where=f"relation.{key}")
        relations.append(
            Relation(
                key=key,
                words=tuple(row["words"]),
                matches=tuple(row["matches"]),
                gender=str(row.get("gender", "")),
                youngest_child_under=row.get("youngest_child_under"),
            )
        )
    groups = _table(people_path, people, "groups")
    for key in groups:
        _strings(people_path, groups, key, where="groups")
    worker = _table(people_path, people, "worker")
    _strings(people_path, worker, "words", where="worker")
    everyday = _table(people_path, people, "everyday_names")
    _strings(people_path, everyday, "words", where="everyday_names")
    new_person_words = _table(people_path, people, "new_person_words")
    for word, relation in new_person_words.items():
        if not isinstance(relation, str):
            raise DataFileError(
                people_path,
                f'new_person_words: "{word}" must be a relationship in quotes ("" for none)',
                line=line_of(people_path, f"{word} = "),
            )
    lower_words = _table(people_path, people, "not_names_in_lower_case")
    _strings(people_path, lower_words, "words", where="not_names_in_lower_case")
    gender_words = _table(people_path, people, "gender_words")
    _strings(people_path, gender_words, "female", "male", where="gender_words")

    roles_file = read_toml(roles_path)
    roles = []
    for number, row in enumerate(roles_file.get("role") or [], start=1):
        if not isinstance(row, dict) or not isinstance(row.get("role"), str):
            raise DataFileError(
                roles_path, f"role {number} needs a role", line=line_of(roles_path, "[[role]]")
            )
        _strings(roles_path, row, "aliases", where=f'role "{row["role"]}"')
        roles.append(RoleAliases(row["role"], tuple(row["aliases"])))

    cues_file = read_toml(cues_path)
    cues: dict[str, dict[str, tuple[str, ...]]] = {}
    for section, lists in cues_file.items():
        if not isinstance(lists, dict):
            raise DataFileError(
                cues_path,
                f'"{section}" must be a table of lists',
                line=line_of(cues_path, f"[{section}]"),
            )
        _strings(cues_path, lists, *lists, where=section)
        cues[section] = {name: tuple(words) for name, words in lists.items()}
    for section, names in _REQUIRED_CUES.items():
        for name in names:
            if name not in cues.get(section, {}):
                raise DataFileError(cues_path, f'[{section}] needs a list "{name}"')

    worries_file = read_toml(worries_path)
    worries = []
    for tag, row in _table(worries_path, worries_file, "tag").items():
        if not isinstance(row, dict) or not isinstance(row.get("label"), str):
            raise DataFileError(
                worries_path,
                f'tag "{tag}" needs a label',
                line=line_of(worries_path, f"[tag.{tag}]"),
            )
        _strings(worries_path, row, "cues", where=f"tag.{tag}")
        worries.append(WorryTag(tag, row["label"], tuple(row["cues"])))
    known_tags = {w.tag for w in worries}
    depends = _tags_by_whom(worries_path, worries_file, "depends_on_who", known_tags,
                            ("child", "adult"))
    whom = _tags_by_whom(worries_path, worries_file, "depends_on_whom", known_tags,
                         ("child", "adult", "unknown"))
    another = _table(worries_path, worries_file, "with_another_sign")
    _strings(worries_path, another, "words", where="with_another_sign")
    return Lexicon(
        spoken=spoken,
        dates=dates,
        relations=tuple(relations),
        groups={k: tuple(v) for k, v in groups.items()},
        titles={k: str(v) for k, v in _table(people_path, people, "titles").items()},
        worker_words=tuple(worker["words"]),
        pronouns={k: str(v) for k, v in _table(people_path, people, "pronouns").items()},
        gender_words={k: tuple(v) for k, v in gender_words.items()},
        everyday_names=frozenset(everyday["words"]),
        new_person_words=dict(new_person_words),
        not_names_in_lower_case=frozenset(lower_words["words"]),
        roles=tuple(roles),
        cues=cues,
        worries=tuple(worries),
        depends_on_who={k: dict(v) for k, v in depends.items()},
        depends_on_whom={k: dict(v) for k, v in whom.items()},
        with_another_sign=frozenset(another["words"]),
    )


_REQUIRED_CUES = {
    "presence": ("there", "there_terse", "away", "list_lead", "no_access", "remote", "spoke"),
    "seen_alone": ("alone", "with_me", "contact", "not_done", "not_yet"),
    "speech": ("verbs", "quoted_only", "wishes", "feelings"),
    "actions": (
        "commit",
        "scheduled",
        "asked_of_worker",
        "list_heads",
        "negative",
        "conditional",
        "clause_breaks",
        "commit_once_agreed",
        "imperative",
    ),
    "visit": ("words", "start", "other_events", "unannounced", "planned", "others_arriving"),
}


def _tags_by_whom(path: Path, data: dict[str, Any], key: str, known_tags: set[str],
                  kinds: tuple[str, ...]) -> dict[str, Any]:
    """A table of cues whose worry depends on whom they are about: each says a known tag
    for one or more of ``kinds`` ("child", "adult", "unknown")."""
    table = _table(path, data, key)
    for cue, tags in table.items():
        if not isinstance(tags, dict) or not tags or not set(tags) <= set(kinds):
            said = ", ".join(f"{k} = ..." for k in kinds[:-1]) + f" and/or {kinds[-1]} = ..."
            raise DataFileError(path, f'"{cue}" must say {said}', line=line_of(path, f'"{cue}"'))
        for tag in tags.values():
            if tag not in known_tags:
                raise DataFileError(path, f'"{cue}" names an unknown tag "{tag}"',
                                    line=line_of(path, f'"{cue}"'))
    return table


def _table(path: Path, data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise DataFileError(path, f"needs a table [{key}]", line=line_of(path, key))
    return value


def _strings(path: Path, data: dict[str, Any], *keys: str, where: str = "") -> None:
    for key in keys:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            place = f"{where}: " if where else ""
            raise DataFileError(
                path, f'{place}"{key}" must be a list of words in quotes', line=line_of(path, key)
            )
