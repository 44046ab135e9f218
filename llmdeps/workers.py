"""How many worker processes a scan starts when `-j` is not given."""

from __future__ import annotations

import os


def usable_cpus() -> int:
    """The CPUs this process may run on (affinity, cgroup-free), at least 1."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counter is not None:
        count = counter()
        if count:
            return int(count)
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_jobs(cpus: int | None = None, load: float | None = None) -> int:
    """One worker per CPU this process may use that the machine's load leaves idle, at least one:
    on a busy machine more workers only queue behind the others (and slow them down)."""
    cpus = usable_cpus() if cpus is None else cpus
    if load is None:
        try:
            load = os.getloadavg()[0]
        except (AttributeError, OSError):
            load = 0.0
    idle = int(cpus - load + 0.5)
    return max(1, min(cpus, idle))
