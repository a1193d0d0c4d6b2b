"""``python -m aludel ...``: the ``aludel`` command.

Runs the native binary the wheel installs beside the interpreter when it is
there; else the same command in-process, printing as the binary does.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from typing import List, Optional


def _binary() -> Optional[str]:
    name = "aludel.exe" if os.name == "nt" else "aludel"
    for directory in (sysconfig.get_path("scripts"), os.path.dirname(sys.executable)):
        path = os.path.join(directory, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def main(argv: Optional[List[str]] = None) -> int:
    """Runs ``aludel`` with ``argv`` (default: this process's arguments)
    and returns its exit status."""
    args = sys.argv[1:] if argv is None else list(argv)
    binary = _binary()
    if binary is not None and argv is None:
        sys.stdout.flush()
        os.execv(binary, [binary, *args])
    from . import _native

    sys.stdout.flush()
    sys.stderr.flush()
    return _native.main(args)


if __name__ == "__main__":
    sys.exit(main())
