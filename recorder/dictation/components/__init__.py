"""The drafting components, one per step, each registered with spaCy as ``recorder_<verb>``.

Importing this package registers them. They run in the order of ``ORDER``:
people first (everything else reads its mentions), dates next, then the
steps that read both.
"""

from recorder.dictation.components import (  # noqa: F401  (registers the factories)
    actions,
    dates,
    new_people,
    people,
    presence,
    visit,
    voice,
    worries,
)

ORDER = (
    "recorder_people",
    "recorder_dates",
    "recorder_new_people",
    "recorder_visit",
    "recorder_presence",
    "recorder_voice",
    "recorder_worries",
    "recorder_actions",
)
