"""Worker processes that read documents and can be stopped: one bad file never stalls a build.

Each document is read in a worker process. The parent gives each one a deadline (the limits'
`seconds`, extended by `ocr_seconds_per_page` for every page OCR'd) and kills the worker's
whole process group when it passes, recording the document as too slow; a worker that dies
(out of memory, a crash in C code) has its document recorded the same way; then a fresh worker
takes its place. Each worker caps its own address space (`memory_mb`).

Workers die with their parent: on Linux each asks the kernel for SIGTERM when its parent goes
(prctl PR_SET_PDEATHSIG), and on that signal kills its own process group and the OCR runs it
started, so `kill -9` of `foi build` leaves nothing running under init.
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import resource
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import wait as wait_for
from typing import Any, Callable, Optional

from .limits import DocumentLimits, limit_key

PR_SET_PDEATHSIG = 1
PARENT_CHECK_SECONDS = 0.2  # how soon a worker whose build has gone notices, at worst
# Reading makes millions of small dicts and tuples, nearly all without cycles. At Python's
# default (a pass over the young objects every 700 new ones, a full pass now and then over
# every live one) the collector took 8-10% of a build's CPU and found next to nothing. Passes
# this much rarer, with the modules' own objects frozen out of them, hold back at most a few MB
# of cyclic garbage a little longer (peak memory measured the same).
COLLECT_THRESHOLDS = (50_000, 20, 20)


@contextmanager
def fewer_collections():
    """Run the garbage collector less often for the duration: a build, a worker's life. What a
    caller froze itself stays frozen: only a freeze made here is undone."""
    before = gc.get_threshold()
    freezing = gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
    gc.set_threshold(*COLLECT_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if freezing:
            gc.unfreeze()


def _die_with_parent(parent_pid: int) -> None:
    """Ask for SIGTERM when the parent dies; it kills this worker's group and its OCR runs.

    A Python signal handler runs only between bytecodes, and a worker can be inside one long
    call into C (PDFium loading a hostile page): a thread that watches the parent does the
    same, as ctypes lets go of the interpreter while C runs."""
    signal.signal(signal.SIGTERM, _kill_everything)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's own clean-up has to do
        pass
    if os.getppid() != parent_pid:  # the parent went before the request was made
        _kill_everything()
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    _kill_everything()


def _kill_everything(*_args) -> None:
    from . import ocr as ocr_mod

    for pgid in list(getattr(ocr_mod, "RUNNING_GROUPS", ())):  # OCRmyPDF runs in a session of its own
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass
    try:
        os.killpg(os.getpgrp(), signal.SIGKILL)
    finally:
        os._exit(1)


def _limit_memory(memory_mb: int) -> None:
    if not memory_mb:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ValueError, OSError):
        pass


def _worker_main(conn, parent_pid: int, memory_mb: int, initializer, initargs) -> None:
    os.setpgid(0, 0)  # a group of its own: stopping it stops whatever it started
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    _limit_memory(memory_mb)

    def progress(*message) -> None:
        try:
            conn.send(("progress", message))
        except Exception:  # progress is never worth failing a document for
            pass

    if initializer:
        initializer(progress, *initargs)
    with fewer_collections():
        _serve(conn)


def _serve(conn) -> None:
    """Run the tasks the parent sends until it sends None or goes."""
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            break
        if task is None:
            break
        key, fn, args = task
        try:
            result = fn(*args)
        except MemoryError:
            result = _Failure(key, "memory")
        except BaseException as e:  # the task function should not raise; if it does, say so
            result = _Failure(key, f"{type(e).__name__}: {str(e)[:200]}")
        try:
            conn.send(("result", key, result))
        except MemoryError:
            conn.send(("result", key, _Failure(key, "memory")))
    conn.close()


@dataclass
class _Failure:
    key: Any
    why: str  # "memory", or an exception's name and message


@dataclass
class Stopped:
    """What happened to a task that did not finish: its key and why, in one line."""

    key: Any
    reason: str
    limit: Optional[str] = None  # the limit it was stopped at ("seconds=120"), if one was


class _Slot:
    def __init__(self, ctx, limits: DocumentLimits, initializer, initargs):
        parent_end, child_end = ctx.Pipe()
        self.conn = parent_end
        self.process = ctx.Process(
            target=_worker_main, args=(child_end, os.getpid(), limits.memory_mb, initializer, initargs), daemon=True
        )
        self.process.start()
        child_end.close()
        self.key = None
        self.deadline = 0.0
        self.started = 0.0
        self.waiting: Optional[tuple] = None  # a task sent, which the worker starts when `key` is done

    @property
    def busy(self) -> bool:
        return self.key is not None

    def give(self, key, fn, args, limits: DocumentLimits) -> None:
        """Send a task: the worker starts it now, or after the one it is reading."""
        self.conn.send((key, fn, args))
        if self.busy:
            self.waiting = (key, fn, args)
        else:
            self._start(key, limits)

    def _start(self, key, limits: DocumentLimits) -> None:
        self.key, self.started = key, time.monotonic()
        self.deadline = self.started + (limits.seconds or float("inf"))  # 0: no time limit

    def finished(self, limits: DocumentLimits) -> None:
        """The worker sent `key`'s result, and went on to the task waiting, if any."""
        self.key = None
        if self.waiting is not None:
            self._start(self.waiting[0], limits)
            self.waiting = None

    def abandon(self) -> tuple[Any, Optional[tuple]]:
        """The task being read, and the one waiting (to be given to another worker)."""
        key, waiting = self.key, self.waiting
        self.key = self.waiting = None
        return key, waiting

    def stop(self) -> None:
        pid = self.process.pid
        if self.process.is_alive() and pid:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                self.process.kill()
        self.process.join(5)
        self.conn.close()

    def close(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(2)
        if self.process.is_alive():
            self.stop()
        else:
            self.conn.close()


def job_count(jobs: Optional[int]) -> int:
    """How many workers `jobs` asks for: None or 0 means one per core."""
    return max(1, jobs or os.cpu_count() or 1)


def run_tasks(
    tasks: list[tuple[Any, Callable, tuple]],
    jobs: int,
    limits: DocumentLimits,
    on_result: Callable[[Any, Any], None],
    on_stopped: Callable[[Stopped], None],
    on_progress: Optional[Callable[..., None]] = None,
    initializer: Optional[Callable] = None,
    initargs: tuple = (),
    while_waiting: Optional[Callable[[], bool]] = None,
) -> None:
    """Run fn(*args) for each (key, fn, args) in at most `jobs` workers, within the limits.

    on_result(key, result) for each task that finished; on_stopped(Stopped) for each that ran
    past its time, ran out of memory or took its worker down. on_progress(key, *message) for
    what a task reports through the `progress` callable its worker's initializer received;
    each message also extends that task's deadline by `limits.ocr_seconds_per_page`.
    while_waiting() is called when no worker has anything to say: a short piece of the parent's
    own work, returning False when there is none (a worker's message is always answered first,
    so that it can be given its next task).
    Each worker has its task and, while more are left than there are workers, the next one
    waiting; a worker stopped or lost gives its waiting task back to the others.
    Workers are always stopped on the way out, whatever happens.
    """
    if not tasks:
        return
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    queue = list(reversed(tasks))
    slots: list[_Slot] = []
    try:
        slots = [_Slot(ctx, limits, initializer, initargs) for _ in range(max(1, min(jobs, len(tasks))))]

        def fill(slot: _Slot) -> None:
            # A task in hand and, while more are left than there are workers, the next one
            # waiting in its pipe: the worker goes on while the parent is busy with a result.
            # (Not near the end, where a waiting task could keep another worker idle.)
            while queue and (not slot.busy or (slot.waiting is None and len(queue) > len(slots))):
                key, fn, args = queue.pop()
                slot.give(key, fn, args, limits)

        while queue or any(s.busy for s in slots):
            for i, slot in enumerate(slots):
                if not slot.busy and queue and not slot.process.is_alive():
                    slot.stop()
                    slots[i] = slot = _Slot(ctx, limits, initializer, initargs)
                fill(slot)
            busy = [s for s in slots if s.busy]
            now = time.monotonic()
            timeout = max(0.0, min(min(s.deadline for s in busy) - now, 0.5))
            waitables = [s.conn for s in busy] + [s.process.sentinel for s in busy]
            ready = wait_for(waitables, 0) if while_waiting else []
            if not ready and not (while_waiting and while_waiting()):
                ready = wait_for(waitables, timeout)
            for i, slot in enumerate(slots):
                if not slot.busy:
                    continue
                died = False
                if slot.conn in ready:
                    try:
                        message = slot.conn.recv()
                    except (EOFError, OSError):
                        message = None
                    if message is None:
                        died = True
                    elif message[0] == "progress":
                        slot.deadline = max(slot.deadline, time.monotonic() + limits.ocr_seconds_per_page)
                        if on_progress:
                            on_progress(slot.key, *message[1])
                        continue
                    else:
                        _, key, result = message
                        slot.finished(limits)
                        fill(slot)  # the worker reads the next document while this one is written
                        if isinstance(result, _Failure):
                            on_stopped(Stopped(key, _why(result.why, limits),
                                               limit_key("memory_mb", limits) if result.why == "memory" else None))
                        else:
                            on_result(key, result)
                        continue
                if died or slot.process.sentinel in ready or not slot.process.is_alive():
                    slot.process.join(1)
                    code = slot.process.exitcode
                    key, waiting = slot.abandon()
                    if waiting:
                        queue.append(waiting)  # never started: another worker reads it
                    slot.stop()
                    slots[i] = _Slot(ctx, limits, initializer, initargs) if queue else slot
                    on_stopped(Stopped(key, _died(code, limits),
                                       limit_key("memory_mb", limits) if code == -signal.SIGKILL else None))
                elif time.monotonic() > slot.deadline:
                    took = time.monotonic() - slot.started
                    key, waiting = slot.abandon()
                    if waiting:
                        queue.append(waiting)  # never started: another worker reads it
                    slot.stop()
                    slots[i] = _Slot(ctx, limits, initializer, initargs) if queue else slot
                    on_stopped(Stopped(key, f"reading it took longer than {took:.0f} s and was stopped (the limit is {limits.seconds:.0f} s)",
                                       limit_key("seconds", limits)))
    finally:
        for slot in slots:
            if slot.busy:
                slot.stop()
            else:
                slot.close()


def _why(why: str, limits: DocumentLimits) -> str:
    if why == "memory":
        return f"reading it needed more memory than the limit ({limits.memory_mb:,} MB) and was stopped"
    return f"could not be read ({why})"


def _died(code: Optional[int], limits: DocumentLimits) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if -code == signal.SIGKILL:
            return f"the reader was killed ({name}: most likely out of memory; the limit is {limits.memory_mb:,} MB)"
        return f"the reader crashed ({name})"
    return f"the reader stopped unexpectedly (exit status {code})"
