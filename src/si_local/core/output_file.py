"""Files the user asked for (a PDF, a CSV, a pack, an archive) are written through ``name.part``
and renamed at the end: the user never finds half a file, and a failure to write (disk full, no
right, medium removed) is one line naming the file.

No Qt here.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from .errors import UserError
from .i18n import _
from .write_guard import DiskFullError

# errno values that say the medium is full (a quota counts as full for the user)
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def output_error(exc: OSError, path) -> UserError:
    """The one-line message for a file the user asked for (a PDF, a CSV, a pack) that could not
    be written: the disk is full, or another reason, naming the file."""
    if exc.errno in _FULL:
        return DiskFullError(_("{path}: disk full — the file was not written. Free some space on "
                               "the disk, then try again.").format(path=path))
    return UserError(_("{path}: the file cannot be written ({error}).").format(
        path=path, error=exc.strerror or exc))


@contextlib.contextmanager
def part_file(path):
    """Write a file the user asked for through ``name.part``::

        with part_file(path) as tmp:
            write(tmp)

    The ``.part`` file is renamed over ``path`` when the block ends; when anything fails it is
    removed (the user never finds half a file), and a failure to write it (disk full, no right,
    medium removed) becomes one line naming ``path`` instead of an unexpected error."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if exc.errno in _FULL or exc.filename in (None, str(tmp), str(path), tmp, path):
            raise output_error(exc, path) from exc
        raise  # another file (a font, a resource): not the user's to fix
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
