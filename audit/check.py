"""Check the pinned runtime dependencies for known vulnerabilities; fail when unsure.

    python audit/check.py online PIP_AUDIT_JSON [REQUIREMENTS]   # judge a pip-audit report
    python audit/check.py offline [REQUIREMENTS] [SNAPSHOT]        # check against the snapshot
    python audit/check.py refresh [REQUIREMENTS] [SNAPSHOT]        # download OSV records

Exit status 0 only when every pin was checked and none is affected; 1 otherwise.
Called by `make audit`, `make audit-offline` and `make audit-refresh` (see the README).
"""

import datetime
import json
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

from packaging.version import InvalidVersion, Version

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE.parent / "requirements.txt"
SNAPSHOT = HERE / "osv-snapshot.json"
OSV_QUERY = "https://api.osv.dev/v1/query"
STALE_AFTER_DAYS = 30


def normalise(name):
    """A package name as PyPI and OSV compare them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path):
    """Return {name: version} of a requirements file's `name==version` lines."""
    pins = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        name, separator, version = line.partition("==")
        if not separator:
            raise SystemExit(f"{path}: '{line}' is not pinned with ==; cannot audit it.")
        pins[normalise(name.split("[", 1)[0])] = version.split(";", 1)[0].strip()
    return pins


def _version(text):
    try:
        return Version(text)
    except InvalidVersion:
        return None


def affects(record, name, version):
    """Tell whether an OSV record lists this PyPI package version as affected."""
    current = _version(version)
    for affected in record.get("affected", []):
        package = affected.get("package", {})
        if package.get("ecosystem") != "PyPI" or normalise(package.get("name", "")) != name:
            continue
        if version in affected.get("versions", []):
            return True
        for range_ in affected.get("ranges", []):
            if range_.get("type") == "ECOSYSTEM" and current and _in_range(range_, current):
                return True
    return False


def _in_range(range_, current):
    # OSV events, in order: introduced opens a range; fixed (exclusive) or
    # last_affected (inclusive) closes it.
    inside = False
    for event in range_.get("events", []):
        if "introduced" in event:
            start = event["introduced"]
            inside = start == "0" or (_version(start) or current) <= current
        elif "fixed" in event and inside and (_version(event["fixed"]) or current) <= current:
            inside = False
        elif "last_affected" in event and inside:
            limit = _version(event["last_affected"])
            inside = limit is None or current <= limit
    return inside


def check_offline(requirements=REQUIREMENTS, snapshot_path=SNAPSHOT, today=None):
    """Print the verdict for each pin against the snapshot; return the exit status."""
    snapshot = json.loads(Path(snapshot_path).read_text(encoding="utf-8"))
    taken = datetime.date.fromisoformat(snapshot["date"])
    age = ((today or datetime.date.today()) - taken).days
    print(f"OSV snapshot of {taken} ({age} days old), source: {snapshot['source']}")
    if age > STALE_AFTER_DAYS:
        print(f"WARNING: older than {STALE_AFTER_DAYS} days; run `make audit-refresh` online.")
    packages = snapshot["packages"]
    missing, findings = [], []
    for name, version in sorted(read_pins(requirements).items()):
        if name not in packages:
            missing.append(f"{name}=={version}")
            continue
        for record in packages[name]["records"]:
            if affects(record, name, version):
                fixed = ", ".join(_fixed_versions(record, name)) or "none listed"
                findings.append(
                    f"{name}=={version}: {record['id']} {record.get('summary', '')} "
                    f"(fixed in {fixed})"
                )
    unqueried = sorted(n for n, p in packages.items() if not p.get("downloaded"))
    print(f"{len(read_pins(requirements))} pins checked against {_count(packages)} records.")
    if unqueried:
        print(
            f"Not downloaded from osv.dev (records entered by hand, if any) for "
            f"{len(unqueried)} packages: {', '.join(unqueried)}"
        )
    for line in findings:
        print(f"AFFECTED {line}")
    for pin in missing:
        print(f"NOT IN SNAPSHOT {pin}: run `make audit-refresh` where osv.dev is reachable")
    if findings or missing:
        print(f"FAILED: {len(findings)} affected, {len(missing)} not in the snapshot.")
        return 1
    print("OK: no pin is affected by a record in the snapshot.")
    return 0


def _count(packages):
    return sum(len(p["records"]) for p in packages.values())


def _fixed_versions(record, name):
    return [
        event["fixed"]
        for affected in record.get("affected", [])
        if normalise(affected.get("package", {}).get("name", "")) == name
        for range_ in affected.get("ranges", [])
        for event in range_.get("events", [])
        if "fixed" in event
    ]


def check_online(report_path, requirements=REQUIREMENTS):
    """Judge a pip-audit JSON report: fail on any finding and on anything not audited."""
    report = json.loads(Path(report_path).read_text(encoding="utf-8"))
    audited = {normalise(d["name"]): d for d in report.get("dependencies", [])}
    pins = read_pins(requirements)
    skipped = [f"{d['name']}: {d['skip_reason']}" for d in audited.values() if d.get("skip_reason")]
    absent = sorted(set(pins) - set(audited))
    findings = [
        f"{d['name']}=={d.get('version')}: {v['id']} "
        f"(fixed in {', '.join(v.get('fix_versions', [])) or 'none listed'})"
        for d in audited.values()
        for v in d.get("vulns", [])
    ]
    print(f"pip-audit: {len(audited) - len(skipped)} of {len(pins)} pins audited.")
    for line in skipped:
        print(f"NOT AUDITED {line}")
    for name in absent:
        print(f"NOT AUDITED {name}: missing from pip-audit's report")
    for line in findings:
        print(f"AFFECTED {line}")
    if skipped or absent or findings:
        print(
            f"FAILED: {len(findings)} affected, {len(skipped) + len(absent)} not audited. "
            "Without a reachable vulnerability service use `make audit-offline`."
        )
        return 1
    print("OK: every pin audited, none affected.")
    return 0


def refresh(requirements=REQUIREMENTS, snapshot_path=SNAPSHOT):
    """Download every OSV record of each pinned package (all versions) into the snapshot."""
    packages = {}
    try:
        for name in sorted(read_pins(requirements)):
            packages[name] = {"downloaded": True, "records": _query_osv(name)}
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        print(f"FAILED: osv.dev not reachable ({error}); the snapshot is unchanged.")
        return 1
    snapshot = {
        "date": datetime.date.today().isoformat(),
        "source": OSV_QUERY,
        "packages": packages,
    }
    Path(snapshot_path).write_text(json.dumps(snapshot, indent=1) + "\n", encoding="utf-8")
    print(f"Snapshot written: {len(packages)} packages, {_count(packages)} records.")
    return 0


def _query_osv(name):
    records, token = [], None
    while True:
        query = {"package": {"name": name, "ecosystem": "PyPI"}}
        if token:
            query["page_token"] = token
        request = urllib.request.Request(
            OSV_QUERY, json.dumps(query).encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - fixed https URL
            answer = json.load(response)
        records += answer.get("vulns", [])
        token = answer.get("next_page_token")
        if not token:
            return records


def main(argv):
    if len(argv) < 2 or argv[1] not in ("online", "offline", "refresh"):
        print(__doc__)
        return 2
    mode, args = argv[1], argv[2:]
    if mode == "online":
        return check_online(*args)
    if mode == "offline":
        return check_offline(*args)
    return refresh(*args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
