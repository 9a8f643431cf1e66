"""The dependency audit can fail: on affected pins, on pins it has no records for, unaudited pins."""

import datetime
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audit.check import affects

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / "audit" / "check.py"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PIP_AUDIT = ROOT / ".venv-audit" / "bin" / "pip-audit"


def run(*args):
    result = subprocess.run(
        [sys.executable, str(CHECK), *map(str, args)], capture_output=True, text=True
    )
    return result.returncode, result.stdout


def requirements(tmp_path, text):
    path = tmp_path / "requirements.txt"
    path.write_text(text)
    return path


def test_the_pinned_requirements_pass_against_the_snapshot_which_shows_its_age():
    status, output = run("offline")
    assert status == 0, output
    snapshot = json.loads((ROOT / "audit" / "osv-snapshot.json").read_text())
    assert f"OSV snapshot of {snapshot['date']}" in output and "days old" in output


@pytest.mark.parametrize("version", ["5.2.10", "4.2.1", "5.2"])
def test_a_django_pin_before_the_fix_fails_naming_both_cves(tmp_path, version):
    status, output = run("offline", requirements(tmp_path, f"Django=={version}\n"))
    assert status == 1
    assert "AFFECTED django" in output
    assert "CVE-2026-1287" in output and "CVE-2026-1312" in output
    assert "fixed in 5.2.11" in output


def test_the_fixed_django_release_passes(tmp_path):
    status, output = run("offline", requirements(tmp_path, "Django==5.2.11\n"))
    assert status == 0, output


def test_a_pin_without_records_in_the_snapshot_fails(tmp_path):
    status, output = run("offline", requirements(tmp_path, "Django==5.2.19\nleftpad==1.0\n"))
    assert status == 1
    assert "NOT IN SNAPSHOT leftpad==1.0" in output


def test_an_old_snapshot_is_reported_as_stale(tmp_path):
    snapshot = json.loads((ROOT / "audit" / "osv-snapshot.json").read_text())
    snapshot["date"] = (datetime.date.today() - datetime.timedelta(days=45)).isoformat()
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(snapshot))
    _status, output = run("offline", ROOT / "requirements.txt", path)
    assert "45 days old" in output and "WARNING: older than 30 days" in output


def test_osv_ranges_and_version_lists_are_understood():
    def record(**affected):
        return {"affected": [{"package": {"ecosystem": "PyPI", "name": "Foo_Bar"}, **affected}]}

    closed = record(
        ranges=[{"type": "ECOSYSTEM", "events": [{"introduced": "1.2"}, {"fixed": "1.4"}]}]
    )
    assert not affects(closed, "foo-bar", "1.1")
    assert affects(closed, "foo-bar", "1.2") and affects(closed, "foo-bar", "1.3.9")
    assert not affects(closed, "foo-bar", "1.4")
    inclusive = record(
        ranges=[{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "2.0"}]}]
    )
    assert affects(inclusive, "foo-bar", "2.0") and not affects(inclusive, "foo-bar", "2.0.1")
    assert affects(record(versions=["3.0"]), "foo-bar", "3.0")
    assert not affects(closed, "other", "1.3")


def test_the_online_audit_fails_when_pip_audit_could_not_audit_a_pin():
    # pip-audit's own report, made on this build machine where PyPI's service is unreachable:
    # every pin "could not be audited", and pip-audit itself exited 0.
    status, output = run(
        "online",
        FIXTURES / "pip-audit-without-service.json",
        FIXTURES / "pip-audit-without-service.requirements.txt",
    )
    assert status == 1
    assert "pip-audit: 0 of" in output and "NOT AUDITED django" in output


def test_the_online_audit_passes_only_when_every_pin_was_audited(tmp_path):
    pins = requirements(tmp_path, "Django==5.2.19\nsix==1.17.0\n")
    clean = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
    report = tmp_path / "report.json"
    report.write_text(json.dumps(clean))
    assert run("online", report, pins)[0] == 1  # six is missing from the report
    clean["dependencies"].append({"name": "six", "version": "1.17.0", "vulns": []})
    report.write_text(json.dumps(clean))
    assert run("online", report, pins)[0] == 0
    clean["dependencies"][1]["vulns"] = [{"id": "PYSEC-0-0", "fix_versions": ["9"]}]
    report.write_text(json.dumps(clean))
    status, output = run("online", report, pins)
    assert status == 1 and "AFFECTED six==1.17.0: PYSEC-0-0" in output


@pytest.mark.skipif(not PIP_AUDIT.exists(), reason="pip-audit is installed by `make audit` only")
def test_real_pip_audit_without_a_vulnerability_service_fails_the_audit(tmp_path):
    report = tmp_path / "report.json"
    options = ["--no-deps", "--disable-pip", "--progress-spinner", "off", "--format", "json"]
    subprocess.run(
        [PIP_AUDIT, "-r", ROOT / "requirements.txt", *options, "--output", report],
        capture_output=True,
        timeout=300,
    )
    dependencies = json.loads(report.read_text())["dependencies"]
    status, output = run("online", report)
    if any("skip_reason" in d for d in dependencies):
        assert status == 1 and "NOT AUDITED" in output
    else:
        assert status == (1 if any(d.get("vulns") for d in dependencies) else 0)


def test_refresh_without_network_fails_and_leaves_the_snapshot_alone(tmp_path):
    snapshot = tmp_path / "snapshot.json"
    shutil.copy(ROOT / "audit" / "osv-snapshot.json", snapshot)
    before = snapshot.read_bytes()
    status, output = run("refresh", requirements(tmp_path, "Django==5.2.19\n"), snapshot)
    if status == 0:
        pytest.skip("osv.dev is reachable here; the refresh wrote a real snapshot")
    assert "osv.dev not reachable" in output
    assert snapshot.read_bytes() == before
