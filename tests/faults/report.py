"""What each fault test saw, for the fault summary: requests, answers by status, and losses.

Every fault test calls `record(...)` once; the figures are printed (pytest -s or the CI log
shows them) and appended to var/fault-report.jsonl, one JSON object a line.
"""
import json
from collections import Counter
from pathlib import Path

REPORT = Path(__file__).resolve().parents[2] / "var" / "fault-report.jsonl"


def record(fault, statuses, lost, note=""):
    """`statuses`: every answer's status code (a list or Counter); `lost`: {"orders": 0, …}."""
    counts = Counter(statuses)
    line = {"fault": fault, "requests": sum(counts.values()),
            "statuses": {str(code): n for code, n in sorted(counts.items(), key=lambda kv: str(kv[0]))},
            "lost": lost, "note": note}
    REPORT.parent.mkdir(exist_ok=True)
    with REPORT.open("a") as out:
        out.write(json.dumps(line) + "\n")
    print(f"FAULT {fault}: {line['requests']} requests, statuses {line['statuses']}, lost {lost} {note}".rstrip())
    return line
