"""Structured logs: one JSON object a line on standard error.

Only counts, ids of devices and teams, paths, statuses and timings are logged:
never a value, a name or an entity id, so no child's data reaches a log file.
"""

from __future__ import annotations

import json
import logging
import sys
import time

LOGGER = logging.getLogger("recorder.server")
_FIELDS = ("event", "device", "team", "status", "path", "ms", "stored", "skipped",
           "refused", "rows", "cursor", "resume_after", "error")  # fmt: skip


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "at": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
        }
        line.update({k: getattr(record, k) for k in _FIELDS if hasattr(record, k)})
        if "event" not in line:
            # Third-party messages (uvicorn) keep their words, not their arguments.
            line["message"] = str(record.msg)
        if record.exc_info and record.exc_info[0]:
            # The kind of failure only: a traceback's text can quote a value.
            line["error"] = record.exc_info[0].__name__
        return json.dumps(line)


def configure() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def event(name: str, **fields: object) -> None:
    LOGGER.info(name, extra={"event": name, **fields})
