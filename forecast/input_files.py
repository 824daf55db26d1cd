"""Files a user names on the command line or uploads by path: checked before anything opens them.

`check_regular_file(path)` refuses, at once and in one line, anything that is not a regular file
(a directory, a FIFO, a device such as /dev/zero, a socket, or a symlink to any of these), so no
command hangs on a read that never ends. Every command that reads a user's file calls it first.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from forecast.errors import GrowthsimError

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def check_regular_file(path: str | os.PathLike, what: str = "file") -> Path:
    """`path` as a Path if it names a regular file that can be opened for reading (symlinks followed),
    else a GrowthsimError naming the file and saying what it is. Checked with os.stat, so nothing is
    opened: a FIFO or /dev/zero cannot block or fill memory."""
    p = Path(path)
    src = str(p)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise GrowthsimError(f"no such {what}", source=src) from None
    except PermissionError:
        raise GrowthsimError(f"cannot read the {what}: permission denied", source=src) from None
    except (OSError, ValueError) as exc:        # a loop of symlinks, a name too long, a NUL byte
        raise GrowthsimError(f"cannot read the {what}: {getattr(exc, 'strerror', None) or exc}", source=src) from None
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
        raise GrowthsimError(f"not a regular {what}: {kind}" if kind != "not a regular file" else
                             f"not a regular {what}", source=src)
    if not os.access(p, os.R_OK):
        raise GrowthsimError(f"cannot read the {what}: permission denied", source=src)
    return p
