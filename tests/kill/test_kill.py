"""No torn output (issue 8, part 3): builds killed with SIGKILL at random points never damage the
previous PDF and leave no temporary file. Each build runs in a subprocess on a copy of the mini
issue with --no-proof (about half a second).

Writing the PDF takes well under a millisecond, so kills at random times across the build almost
never land inside it. The second half of the kills therefore runs the build through slowdisk.py
(writes in 4 KB pieces, 1 ms apart) and kills it at a random moment of its write: a writer that
is not atomic fails this test (checked by hand: a plain open(path, "wb") writer leaves a torn PDF
in most of these kills)."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "errors"))
MINI = ROOT / "tests" / "issues" / "mini"
UNIFORM = 20            # kills at a uniformly random time across the whole build
AT_WRITE = 10           # kills at a random moment of a slowed-down write
WRITE_TIME = 0.045      # about how long slowdisk.py takes to write the mini PDF (~32 pieces)


def command(folder: Path, out: Path, slow: bool = False) -> list[str]:
    script = Path(__file__).with_name("slowdisk.py") if slow else ROOT / "build_issue.py"
    return [sys.executable, "-u", str(script), str(folder), "--no-proof", "--out", str(out),
            "--layout", str(folder.parent / "layout.toml")]


STAGING = ".mini.typeset-new"     # a killed build's staging folder: the next build removes it


def leftovers(out: Path) -> list[str]:
    """Temporary files in the output, outside a killed build's staging folder."""
    return sorted(str(p.relative_to(out)) for p in out.rglob("*")
                  if (p.name.endswith(".tmp") or p.name.startswith(".")) and
                  p.name not in (STAGING, ".typeset-manifest.json") and
                  not p.relative_to(out).as_posix().startswith(STAGING + "/"))


def kill_after(cmd: list[str], delay: float) -> bool:
    """Start the build, SIGKILL it after `delay` s; True if it had already finished."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    time.sleep(delay)
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return finished


def kill_at_write(cmd: list[str], rng: random.Random) -> bool:
    """SIGKILL the build at a random moment after it reports the PDF/A stage: while it writes."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    for line in proc.stdout:
        if b"pdf/a" in line:
            time.sleep(rng.uniform(0, WRITE_TIME))
            break
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)
    proc.stdout.close()
    proc.wait()
    return finished


def test_sigkill_never_tears_the_pdf(tmp_path):
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    shutil.copy(ROOT / "layouts" / "gazette-a4.toml", tmp_path / "layout.toml")   # fixed inputs
    out = tmp_path / "out"
    cmd = command(folder, out)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=120)
    duration = time.perf_counter() - t0
    assert done.returncode == 0, done.stderr.decode()
    pdf = out / "mini" / "mini.pdf"
    good = pdf.read_bytes()
    assert good.startswith(b"%PDF-") and good.rstrip().endswith(b"%%EOF")
    # The build is deterministic, so a build that gets to finish writes these same bytes: any
    # other content after a kill is a torn or partial file.
    rng = random.Random(20240630)
    kills = finished = 0
    for k in range(UNIFORM + AT_WRITE):
        if k < UNIFORM:
            was_done = kill_after(cmd, rng.uniform(0, duration * 1.1))
        else:
            was_done = kill_at_write(command(folder, out, slow=True), rng)
        finished += was_done
        kills += not was_done
        assert pdf.read_bytes() == good, f"kill {k}: the PDF changed"
        assert leftovers(out) == [], f"kill {k}: left behind {leftovers(out)}"
    assert kills >= 20, f"only {kills} builds were killed ({finished} finished first)"
    assert subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=120).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["mini"]     # the staging folder is gone
    assert pdf.read_bytes() == good


def test_ctrl_c_during_the_proof_keeps_the_whole_previous_build(tmp_path):
    """SIGINT (Ctrl-C) at random moments of the proof stage: out/mini/ is the previous build,
    PDF, report and page images alike, never the new PDF beside the old proof."""
    from errors_support import snapshot

    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    shutil.copy(ROOT / "layouts" / "gazette-a4.toml", tmp_path / "layout.toml")
    out = tmp_path / "out"
    cmd = [c for c in command(folder, out) if c != "--no-proof"]
    assert subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=120).returncode == 0
    before = snapshot(out / "mini")
    (folder / "c-banfa.txt").open("a", encoding="utf-8").write("\n新加的一段正文。\n")
    rng = random.Random(13)
    interrupted = 0
    for k in range(12):
        if interrupted >= 3:
            break
        # Without its cache the proof draws every page again, so the interrupt lands in it.
        cache = out / "mini" / "proof" / "page-cache.json"
        if cache.exists():
            cache.unlink()
            before = snapshot(out / "mini")
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        for line in proc.stdout:
            if b"verify" in line:
                time.sleep(rng.uniform(0, 0.15))
                break
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        proc.stdout.close()
        err = proc.stderr.read()
        proc.stderr.close()
        code = proc.wait()
        assert b"Traceback" not in err, err.decode()
        if code == 0:                          # it finished first: the new build, whole
            before = snapshot(out / "mini")
            continue
        assert code == 130, err.decode()
        assert snapshot(out / "mini") == before, f"interrupt {k}: out/mini changed"
        interrupted += 1
    assert interrupted >= 1
