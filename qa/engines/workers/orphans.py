"""Worker processes that die with their parent: a killed `qa run` leaves no model in memory.

A process pool's workers each hold a speech model (hundreds of MB). When the parent is killed
with SIGKILL it cannot shut the pool down, and busy workers would run on for minutes. Two
guards, both set in the worker's initializer: Linux's PR_SET_PDEATHSIG asks the kernel to send
SIGKILL when the parent dies, and a watchdog thread (any POSIX system) notices the parent is
gone when the worker is re-parented, and exits.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_INTERVAL = 0.5  # seconds between looks at the parent: a dead parent is noticed this fast


def _kernel_kills_us_with(parent: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return  # the watchdog still covers us
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL)
    os._exit(1)  # no cleanup: the parent that would read our results is gone


def die_with_parent(parent: int) -> None:
    """Make this process end when the process `parent` ends (call it first in a worker)."""
    _kernel_kills_us_with(parent)
    threading.Thread(target=_watch, args=(parent,), name="parent-watchdog", daemon=True).start()


def guarded_initializer(parent: int, initializer: Callable[..., Any] | None, *args: Any) -> None:
    """A pool initializer: die with `parent`, then run `initializer(*args)` (if any)."""
    die_with_parent(parent)
    if initializer is not None:
        initializer(*args)
