"""A second process for the build: it takes jobs (module-level functions, named, and their
arguments), runs them in order and sends back what they return, so that the main process can go
on meanwhile.

It is forked, so it starts with everything the main process had imported and prepared. Jobs and
results travel pickled through two pipes. When the main process ends, even killed, the worker
reads the end of its pipe and exits; if the worker dies, `Job.result()` runs the job in the main
process instead, so a lost worker costs time, never a build.
"""
from __future__ import annotations

import fcntl
import importlib
import os
import pickle
import queue
import struct
import threading
from collections import deque

_LENGTH = struct.Struct("<Q")


class Job:
    def __init__(self, worker: "Worker | None", name: str, args: tuple):
        self.worker, self.name, self.args = worker, name, args
        self.done, self.ok, self.value = False, False, None

    def result(self):
        """The job's return value; an exception it raised is raised here."""
        while not self.done and self.worker is not None and self.worker.alive:
            self.worker._take()
        if not self.done:                        # no worker, or it is gone: do it here
            return call(self.name, *self.args)
        if self.ok:
            return self.value
        raise self.value


class Worker:
    """`submit("module:function", *args)` queues a job and returns it; `job.result()` waits for
    it. The function is imported where it runs, so the main process need not import it."""

    _open: set["Worker"] = set()                 # workers not yet closed, in this process

    def __init__(self):
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()
        for fd in (self._out, from_child):
            _widen(fd)
        self.pid = os.fork()
        if self.pid == 0:                      # the worker
            os.close(self._out)
            os.close(self._in)
            for other in Worker._open:         # so that each other worker still sees its end
                os.close(other._out)
                os.close(other._in)
            code = 0
            try:
                _serve(to_child, from_child)
            except BaseException:
                code = 1
            os._exit(code)                     # no atexit handlers, no buffers flushed twice
        os.close(to_child)
        os.close(from_child)
        self.alive = True
        self._pending: deque[Job] = deque()
        # Jobs are written by a thread: a job bigger than the pipe then never blocks this
        # process while the worker, busy, cannot read it (or waits for us to read a result).
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write_jobs, daemon=True)
        self._writer.start()
        Worker._open.add(self)

    def _write_jobs(self) -> None:
        while (data := self._outbox.get()) is not None:
            try:
                _write(self._out, data)
            except OSError:                     # the worker is gone; results will say so
                return

    def submit(self, name: str, *args) -> Job:
        if self.alive:
            try:
                data = pickle.dumps((name, args), pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError):
                return Job(None, name, args)     # cannot travel: it runs here
            self._outbox.put(data)
            job = Job(self, name, args)
            self._pending.append(job)
            return job
        return Job(None, name, args)

    def _take(self) -> None:
        """Receive the next result and give it to the oldest pending job."""
        try:
            ok, value = pickle.loads(_read(self._in))
        except (EOFError, OSError, pickle.UnpicklingError):
            self.close()
            return
        job = self._pending.popleft()
        job.done, job.ok, job.value = True, ok, value

    def close(self) -> None:
        if self.alive:
            self.alive = False
            Worker._open.discard(self)
            os.close(self._in)                  # a result being written fails: it exits
            self._outbox.put(None)
            self._writer.join()
            os.close(self._out)                 # the worker reads the end and exits
            os.waitpid(self.pid, 0)

    def __enter__(self) -> "Worker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def start_worker() -> "Worker | None":
    """A worker, or None where there is none to have: TYPESET_WORKER=0 in the environment (all in
    one process, e.g. to compare), or no fork (not Linux)."""
    if os.environ.get("TYPESET_WORKER", "1") == "0" or not hasattr(os, "fork"):
        return None
    try:
        return Worker()
    except OSError:                            # no processes or pipes left
        return None


class Here:
    """Stands in for a Worker: each job runs in this process when its result is asked for."""
    alive = False

    def submit(self, name: str, *args) -> Job:
        return Job(None, name, args)


HERE = Here()


def call(name: str, *args):
    """Call "module:function" with args."""
    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)(*args)


def preload(*modules: str) -> None:
    """A job that imports modules, so that later jobs find them ready."""
    for module in modules:
        importlib.import_module(module)


def _serve(inbox: int, outbox: int) -> None:
    while True:
        try:
            name, args = pickle.loads(_read(inbox))
        except EOFError:
            return
        try:
            reply = (True, call(name, *args))
        except Exception as exc:               # sent back and raised in the main process
            reply = (False, exc)
        _write(outbox, pickle.dumps(reply, pickle.HIGHEST_PROTOCOL))


def _widen(fd: int) -> None:
    """Let a pipe hold 1 MB (Linux; 64 KB by default), so that most jobs and results are written
    at once, without waiting for the reader."""
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (AttributeError, OSError):
        pass


def _write(fd: int, data: bytes) -> None:
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _read(fd: int) -> bytes:
    (n,) = _LENGTH.unpack(_read_exactly(fd, _LENGTH.size))
    return _read_exactly(fd, n)


def _read_exactly(fd: int, n: int) -> bytes:
    parts, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the other process closed its pipe")
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)
