"""What a council decides about signing in and keeping dictation: ``resources/security.toml``.

Checked at start-up like every data file: a wrong value names the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from recorder.reference.datafile import DataFileError, line_of, read_toml
from recorder.resources import resource

_LIMITS = {"idle_lock_minutes": (1, 240), "keep_dictation_days": (0, 3650),
           "keep_audio_days": (0, 365)}


@dataclass(frozen=True)
class SecuritySettings:
    idle_lock_minutes: int = 10
    keep_dictation_days: int = 30
    keep_audio_days: int = 0
    """Days a recording's audio is kept, encrypted on the laptop that made it, once it is
    transcribed: 0, never written down at all (recorder/speech, recorder/store/kept_audio)."""


def load_security_settings(path: Path | None = None) -> SecuritySettings:
    """:raises DataFileError: naming the file, the line and what is wrong"""
    path = path or resource("security.toml")
    data = read_toml(path)
    unknown = sorted(set(data) - set(_LIMITS))
    if unknown:
        raise DataFileError(
            path, f"unknown setting {', '.join(unknown)} (check the spelling)",
            line=line_of(path, unknown[0]),
        )  # fmt: skip
    values = {}
    for key, (low, high) in _LIMITS.items():
        if key not in data:
            continue
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise DataFileError(
                path, f"{key} must be a whole number from {low} to {high}",
                line=line_of(path, f"{key} ="),
            )  # fmt: skip
        values[key] = value
    return SecuritySettings(**values)
