"""Run veraPDF, the reference PDF/A validator, on built files (the jar that scripts/setup.sh installs)."""
from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from typeset.errors import TypesetError

ROOT = Path(__file__).resolve().parent.parent
VERAPDF_JAR = ROOT / ".cache" / "verapdf" / "greenfield-apps-1.28.2.jar"
_MAIN = "org.verapdf.apps.GreenfieldCliWrapper"
_SETUP = "run `bash scripts/setup.sh`"


@dataclass(frozen=True)
class VerapdfResult:
    path: Path
    passed: bool
    failed_rules: list[str] = field(default_factory=list)  # "6.2.4.3-2: DeviceRGB shall only be used if ..."
    report: str = ""                                        # failed rules with the objects that broke them


def validate(path, flavour: str = "2u") -> VerapdfResult:
    """Validate one PDF against a PDF/A flavour ("2u", "2b", "3u", ...)."""
    return validate_many([path], flavour)[0]


def validate_many(paths, flavour: str = "2u") -> list[VerapdfResult]:
    """Validate several PDFs in one veraPDF run (the JVM start-up is the slow part); results in `paths` order."""
    paths = [Path(p).resolve() for p in paths]
    for p in paths:
        if not p.is_file():
            raise TypesetError("no such PDF to validate", file=str(p), fix="build it first")
    java = shutil.which("java")
    if java is None or not VERAPDF_JAR.is_file():
        missing = "java" if java is None else str(VERAPDF_JAR)
        raise TypesetError(f"veraPDF cannot run: {missing} is missing", fix=_SETUP)
    cmd = [java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", str(VERAPDF_JAR), _MAIN, "-f", flavour,
           "--format", "xml", "--nonpdfext", "--maxfailuresdisplayed", "5", *map(str, paths)]
    run = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    try:
        jobs = ET.fromstring(run.stdout).iter("job")
    except ET.ParseError:
        raise TypesetError(f"veraPDF failed (exit {run.returncode}): {run.stderr.strip()[-500:]}", fix=_SETUP)
    results = {_job_name(job): _result(job) for job in jobs}
    missing = [p for p in paths if str(p) not in results]
    if missing:
        raise TypesetError(f"veraPDF reported nothing for {missing[0]}: {run.stderr.strip()[-500:]}")
    return [results[str(p)] for p in paths]


def _job_name(job: ET.Element) -> str:
    return job.findtext("item/name", "")


def _result(job: ET.Element) -> VerapdfResult:
    path = Path(_job_name(job))
    report = job.find("validationReport")
    if report is None:
        why = job.findtext("taskException/exceptionMessage") or "no validation report"
        return VerapdfResult(path, False, [f"not validated: {why}"], f"FAIL {path}: {why}")
    failed, lines = [], []
    for rule in report.iter("rule"):
        if rule.get("status") != "failed":
            continue
        rid = f"{rule.get('clause')}-{rule.get('testNumber')}"
        failed.append(f"{rid}: {rule.findtext('description', '').strip()}")
        lines.append(f"  {failed[-1]}")
        for check in rule.iter("check"):
            lines.append(f"    {check.findtext('context', '')}: {check.findtext('errorMessage', '')}")
    passed = report.get("isCompliant") == "true" and not failed
    head = f"{'PASS' if passed else 'FAIL'} {path} {report.get('profileName', '')}"
    return VerapdfResult(path, passed, failed, "\n".join([head, *lines]))
