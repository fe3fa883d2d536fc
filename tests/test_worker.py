"""The build's second process (typeset.worker): jobs, errors, a lost worker, same bytes."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from typeset.build import build
from typeset.errors import TypesetError
from typeset.verify import read_back
from typeset.worker import HERE, Worker

MINI = Path(__file__).resolve().parent / "issues" / "mini"


def test_jobs_run_in_the_worker_in_order():
    with Worker() as worker:
        jobs = [worker.submit("os:getpid"), worker.submit("math:sqrt", 16.0),
                worker.submit("typeset.worker:preload", "json")]
        assert jobs[2].result() is None              # an earlier result is kept for its job
        assert jobs[1].result() == 4.0
        assert jobs[0].result() not in (os.getpid(), None)


def test_an_error_comes_back_whole():
    with Worker() as worker:
        job = worker.submit("typeset.pdfmeta:meta_date", None, {})
        with pytest.raises(TypesetError) as err:
            job.result()
    assert err.value.what == "no date for the PDF metadata"
    assert "SOURCE_DATE_EPOCH" in err.value.fix


def test_a_killed_worker_costs_time_not_results():
    worker = Worker()
    pending = worker.submit("math:factorial", 20)
    os.kill(worker.pid, signal.SIGKILL)
    assert pending.result() == 2432902008176640000     # run here instead
    assert not worker.alive
    assert worker.submit("os:getpid").result() == os.getpid()
    worker.close()


def test_here_runs_jobs_in_this_process():
    assert HERE.submit("os:getpid").result() == os.getpid()


def test_a_build_through_the_worker_gives_the_same_bytes(tmp_path):
    alone = build(MINI, out=tmp_path / "alone")
    with Worker() as worker:
        shared = build(MINI, out=tmp_path / "shared", worker=worker)
        pages = read_back(shared.pdf_path, shared.layout, worker)
    assert shared.pdf_path.read_bytes() == alone.pdf_path.read_bytes()
    here = read_back(alone.pdf_path, alone.layout)
    assert [p.label for p in pages] == [p.label for p in here]
    assert [p.boxes for p in pages] == [p.boxes for p in here]
    assert [p.memo for p in pages] == [p.memo for p in here]
    assert "示例" in "".join(p.memo["text"] for p in pages if p.label == "1")


def test_set_elsewhere_puts_an_error_in_its_requests_place():
    from typeset.build import DEFAULT_LAYOUT
    from typeset.compose import Run
    from typeset.layout import load_layout
    from typeset.layout.body import set_elsewhere

    class Face:
        pdf_name = "F"

        def advance(self, ch):
            return 1.0

    class Fonts:
        def all_faces(self):
            return [Face()]

    good = ("text", ([Run("政府公报", "F", 10.0)], 100.0, 10.0, 0.0, "justify"))
    narrow = ("text", ([Run("政府公报", "F", 10.0)], 5.0, 10.0, 0.0, "justify"))
    out = set_elsewhere([good, narrow, good], load_layout(DEFAULT_LAYOUT), Fonts())
    assert [type(x).__name__ for x in out] == ["list", "TypesetError", "list"]
    assert out[0] == out[2] and "narrower than the character" in out[1].what
    assert set_elsewhere([good], load_layout(DEFAULT_LAYOUT), None) == [out[0]]  # the set kept


def test_big_jobs_and_results_do_not_block_each_other():
    big = "字" * 3_000_000                  # 9 MB each way: far more than a pipe holds
    with Worker() as worker:
        jobs = [worker.submit("builtins:str", big) for _ in range(3)]
        assert all(job.result() == big for job in jobs)


def test_an_error_in_the_workers_part_reaches_the_user_as_one_line(tmp_path, capsys):
    import shutil

    import build_issue

    issue = tmp_path / "mini"
    shutil.copytree(MINI, issue)
    last = issue / "c-banfa.txt"                      # the end of the issue: the worker's part
    row = " | ".join(["很长很长很长的单元格内容"] * 16)
    last.write_text(last.read_text(encoding="utf-8").rstrip() + f"\n\n@table\n{row}\n---\n{row}\n@end\n",
                    encoding="utf-8")
    code = build_issue.main([str(issue), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith(f"error: {last}:") and "the table needs" in err[0]
    assert not (tmp_path / "out").exists()


def test_the_cli_without_a_worker_writes_the_same_bytes(tmp_path, monkeypatch):
    import build_issue

    assert build_issue.main([str(MINI), "--out", str(tmp_path / "two"), "--no-proof", "--quiet"]) == 0
    monkeypatch.setenv("TYPESET_WORKER", "0")
    assert build_issue.main([str(MINI), "--out", str(tmp_path / "one"), "--no-proof", "--quiet"]) == 0
    two, one = (tmp_path / d / "mini" / "mini.pdf" for d in ("two", "one"))
    assert two.read_bytes() == one.read_bytes()


def test_two_workers_at_once_each_see_their_end():
    import threading

    first, second = Worker(), Worker()
    assert first.submit("os:getpid").result() != second.submit("os:getpid").result()
    closing = threading.Thread(target=first.close, daemon=True)
    closing.start()
    closing.join(10)                   # returns: the second worker holds no copy of its pipe
    assert not closing.is_alive()
    assert second.submit("math:sqrt", 9.0).result() == 3.0
    second.close()
