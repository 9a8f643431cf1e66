"""The project's licence and the licence table of its runtime dependencies stay true."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "licences.md"

# Licences whose code may be combined into a GPL-3.0-or-later program (SPDX identifiers).
COMPATIBLE = {
    "MIT",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "Apache-2.0",
    "PSF-2.0",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
}


def normalised(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins():
    found = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            found[normalised(name)] = version.strip()
    return found


def table():
    rows = {}
    for line in TABLE.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("package", "---"):
            rows[normalised(cells[0])] = (cells[1], cells[2])
    return rows


def test_every_pinned_runtime_dependency_is_in_the_licence_table_at_its_version():
    listed = {name: version for name, (version, _licence) in table().items()}
    assert listed == pins()


def test_every_listed_licence_is_compatible_with_the_gpl():
    for name, (_version, licence) in table().items():
        # "A OR B": one compatible choice is enough; "A AND B": every part must be.
        choices = [part.split(" AND ") for part in licence.split(" OR ")]
        assert any(all(p in COMPATIBLE for p in parts) for parts in choices), (name, licence)


def test_the_project_is_gpl_3_or_later():
    text = (ROOT / "LICENSE").read_text()
    assert "GNU GENERAL PUBLIC LICENSE" in text and "Version 3, 29 June 2007" in text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "GPL-3.0-or-later"
