"""Running the external tools the readers need (LibreOffice, tesseract, poppler) within bounds.

A tool runs in its own process group, so that a time limit stops everything it started:
`soffice` is a launcher whose `soffice.bin` grandchild would otherwise run on after the launcher is
killed (7.9-9 GB of memory was seen from one crafted ODT). Its address space is capped with
RLIMIT_AS, so a file that makes it balloon fails alone instead of taking the machine.
"""
from __future__ import annotations

import os
import resource
import signal
import subprocess
from collections.abc import Sequence


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill_session(sid: int) -> None:
    """Kill every process of session `sid`: a worker that leads its own session, and the tools it
    started in process groups of their own (LibreOffice, tesseract), which a group kill misses."""
    members = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if len(fields) > 4 and int(fields[4]) == sid:   # state, ppid, pgrp, session
            members.append(int(entry))
    for pid in [p for p in members if p != os.getpid()] + ([os.getpid()] if os.getpid() in members else []):
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    kill_group(sid)   # where /proc cannot be read


def run_bounded(command: Sequence[str], *, timeout: float, memory: int | None = None,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `command` to completion, capturing its output; raise subprocess.TimeoutExpired after
    `timeout` seconds. Whatever happens (a time-out, a file time limit raised in this thread,
    a normal exit that leaves a grandchild behind), its process group is killed on the way out."""

    def in_child() -> None:   # between fork and exec: only async-signal-safe calls
        os.setpgid(0, 0)
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, preexec_fn=in_child)   # noqa: PLW1509 - no threads start tools here
    try:
        out, err = process.communicate(timeout=timeout)
    except BaseException:
        kill_group(process.pid)
        process.communicate()
        raise
    finally:
        kill_group(process.pid)
    return subprocess.CompletedProcess(list(command), process.returncode, out, err)
