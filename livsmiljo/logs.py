"""Structured logs: with LIVSMILJO_LOG_FORMAT=json every record is one JSON object on one line, which a
region's log collector (journald, Loki, Elastic, Splunk) reads without a parsing rule.

Fields: `time` (UTC, ISO 8601), `level`, `logger`, `message`, `process`, plus `exception` (the traceback)
when there is one and any plain values a caller passed with `extra=`. Messages are what the code logs:
no request bodies, passwords or session keys are added here.
"""

import json
import logging
from datetime import UTC, datetime
from typing import Any

# Attributes every LogRecord has; anything else on a record came from `extra=` and is worth keeping.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and _plain(value):
                entry[key] = value
        return json.dumps(entry, ensure_ascii=False, default=str)


def _plain(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)
