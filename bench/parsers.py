"""Time the import readers on hostile inputs of the maximum size (the linear-time figure).

    .venv/bin/python bench/parsers.py

Prints the median of 5 runs per input; the test suite only checks a generous 2 s bound.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rehapro_kb.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django

django.setup()

from imports.forum_text.forms import MAX_BYTES as FORUM_TEXT_MAX_BYTES  # noqa: E402
from imports.forum_text.parser import parse  # noqa: E402
from imports.spreadsheet.read import MAX_BYTES as SPREADSHEET_MAX_BYTES  # noqa: E402
from imports.spreadsheet.read import read_spreadsheet  # noqa: E402
from imports.text_files import decode_text  # noqa: E402
from tests.imports.adversarial import hostile_csv, worst_known_documents  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "tests/imports/fixtures/fachforum-2025-transfer.md"


def median_seconds(function, data, runs=5):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    seed = SEED.read_text(encoding="utf-8")
    inputs = {
        f"forum text, {name}": text
        for name, text in worst_known_documents(FORUM_TEXT_MAX_BYTES).items()
    }
    inputs["forum text, the 2025 seed repeated"] = seed * (
        FORUM_TEXT_MAX_BYTES // len(seed.encode())
    )
    for name, text in inputs.items():
        data = text.encode("utf-8")
        seconds = median_seconds(lambda d: parse(decode_text(d)), data)
        print(f"{name:48} {len(data) / 2**20:5.2f} MB {seconds * 1000:8.0f} ms")
    data = hostile_csv(SPREADSHEET_MAX_BYTES)
    seconds = median_seconds(read_spreadsheet, data)
    name = "spreadsheet, hostile CSV cells"
    print(f"{name:48} {len(data) / 2**20:5.2f} MB {seconds * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
