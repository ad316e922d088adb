"""Run a Python program in a fresh interpreter and report its own peak memory:
``python -m scale.peak OUT script.py args...`` or ``python -m scale.peak OUT -c CODE args...``.

The benchmark starts the product's exports and their bare anchors alike through this. A child's
``ru_maxrss`` from ``wait4`` is no good for that: Linux carries the parent's high-water mark
across ``fork`` and ``exec``, so a child of a large benchmark process "peaks" at the benchmark's
size. ``VmHWM`` of ``/proc/self/status`` belongs to the address space ``exec`` made, so it is the
program's own peak; it is written to OUT (in KiB) however the program ends.
"""

import runpy
import sys
from pathlib import Path


def peak_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> None:
    out, program = sys.argv[1], sys.argv[2:]
    try:
        if program[0] == "-c":
            sys.argv = ["-c", *program[2:]]
            exec(compile(program[1], "<bare>", "exec"), {"__name__": "__main__"})
        else:
            sys.argv = program
            sys.path.insert(0, str(Path(program[0]).resolve().parent))
            runpy.run_path(program[0], run_name="__main__")
    finally:
        Path(out).write_text(str(peak_kib()))


if __name__ == "__main__":
    main()
