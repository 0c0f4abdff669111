"""Where a database file lives: a local disk, a network share, a read-only medium.

SQLite's WAL mode needs memory shared between every program that has the file open (the ``-shm``
file, mapped in memory): that works between programs of one computer, never between computers
over a network share. On a network file system the database uses the rollback journal
(``journal_mode = DELETE``), which relies on the share's byte-range locks instead
(:func:`is_network`, used by ``core/db.py``).

A WAL database on a read-only medium (a CD, a USB key locked for writing, a mount read-only) cannot
be opened by SQLite as it is: it must create the ``-shm`` file beside it. Opening it with
``immutable=1`` would ignore the changes committed in its ``-wal`` file (stale data, and a backup
taken from it would lose them). :func:`read_only_connection` copies the file and its ``-wal``
into a private temporary folder instead and opens the copy: every committed change is seen. The
folder is deleted when the connection is closed (or at the latest when the process exits).

The file system is read from ``/proc/self/mountinfo`` on Linux (``SI_LOCAL_MOUNTINFO`` names
another file, for tests), asked of Windows (a UNC path, or a drive of type ``DRIVE_REMOTE``);
elsewhere it is unknown (``None``) and the file is treated as local.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import weakref
from pathlib import Path
from urllib.parse import quote

log = logging.getLogger(__name__)

ENV_MOUNTINFO = "SI_LOCAL_MOUNTINFO"
MOUNTINFO = "/proc/self/mountinfo"

#: File systems reached over a network (Linux names; "remote" is what Windows tells).
NETWORK_TYPES = frozenset({
    "cifs", "smb", "smb2", "smb3", "smbfs", "fuse.smbnetfs",
    "nfs", "nfs4", "nfsd",
    "fuse.sshfs", "sshfs",
    "9p", "afs", "openafs", "coda", "ncpfs", "lustre", "gpfs", "ocfs2", "gfs2",
    "ceph", "fuse.ceph", "glusterfs", "fuse.glusterfs", "beegfs", "orangefs",
    "davfs", "davfs2", "fuse.davfs2", "webdav", "fuse.webdav",
    "fuse.rclone", "fuse.s3fs", "fuse.gvfsd-fuse", "fuse.gvfs-fuse-daemon",
    "remote",
})

_OCTAL = re.compile(r"\\([0-7]{3})")


def _unescape(field: str) -> str:
    """A mountinfo field with its octal escapes (``\\040`` for a space…) decoded."""
    return _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[tuple[str, str]]:
    """(mount point, file system type) of every line of a mountinfo file, in file order."""
    mounts = []
    for line in text.splitlines():
        fields = line.split(" ")
        if len(fields) < 7 or "-" not in fields[6:]:
            continue
        dash = fields.index("-", 6)
        if dash + 1 >= len(fields):
            continue
        mounts.append((_unescape(fields[4]), _unescape(fields[dash + 1])))
    return mounts


def _absolute(path: Path | str) -> Path:
    """``path`` made absolute with its links followed, even when the file does not exist yet."""
    try:
        return Path(os.path.realpath(os.path.abspath(os.fspath(path))))
    except (OSError, ValueError):  # pragma: no cover
        return Path(os.path.abspath(os.fspath(path)))


def _under(path: Path, mount_point: str) -> bool:
    mount = Path(mount_point)
    return path == mount or mount in path.parents


def _linux_type(path: Path) -> str | None:
    source = os.environ.get(ENV_MOUNTINFO) or MOUNTINFO
    try:
        with open(source, encoding="utf-8", errors="surrogateescape") as handle:
            text = handle.read()
    except OSError:
        return None
    best: tuple[int, str] | None = None
    for mount_point, fstype in parse_mountinfo(text):
        if not _under(path, mount_point):
            continue
        depth = len(Path(mount_point).parts)
        if best is None or depth >= best[0]:  # a later mount on the same point hides the earlier
            best = (depth, fstype)
    return best[1] if best else None


def _windows_type(path: Path) -> str | None:  # pragma: no cover - tested on Windows only
    text = os.fspath(path)
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return "remote"  # \\server\share
    if text.upper().startswith("\\\\?\\UNC\\"):
        return "remote"
    try:
        import ctypes

        drive = os.path.splitdrive(text)[0]
        if not drive:
            return None
        root = drive + "\\"
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) == 4:  # DRIVE_REMOTE
            return "remote"
        name = ctypes.create_unicode_buffer(64)
        if kernel32.GetVolumeInformationW(ctypes.c_wchar_p(root), None, 0, None, None, None,
                                          name, len(name)):
            return name.value.lower() or None
    except (OSError, AttributeError, ValueError):
        log.debug("drive type of %s unknown", path, exc_info=True)
    return None


def filesystem_type(path: Path | str) -> str | None:
    """The type of the file system holding ``path`` (``ext4``, ``cifs``, ``fuse.sshfs``,
    ``remote`` for a Windows network drive…), or None when it cannot be told."""
    if os.fspath(path) in ("", ":memory:"):
        return None
    if sys.platform.startswith("win"):
        return _windows_type(Path(os.path.abspath(os.fspath(path))))
    if sys.platform.startswith("linux") or os.environ.get(ENV_MOUNTINFO):
        return _linux_type(_absolute(path))
    return None


def is_network(path: Path | str) -> bool:
    """``path`` is on a network share (SMB, NFS, SSHFS, WebDAV…): WAL must not be used there."""
    fstype = filesystem_type(path)
    return fstype is not None and fstype.lower() in NETWORK_TYPES


# --- a WAL database on a read-only medium ---------------------------------------------------

class _PrivateCopyConnection(sqlite3.Connection):
    """A connection to a private copy of a database; closing it deletes the copy."""

    _copy_folder: str | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            folder, self._copy_folder = self._copy_folder, None
            if folder:
                shutil.rmtree(folder, ignore_errors=True)


def _wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def private_copy_folder(conn: sqlite3.Connection) -> Path | None:
    """The temporary folder holding the copy ``conn`` reads, for a database on a read-only
    medium opened through :func:`read_only_connection`; None otherwise."""
    folder = getattr(conn, "_copy_folder", None)
    return Path(folder) if folder else None


def read_only_connection(path: Path | str, timeout: float = 5.0) -> sqlite3.Connection:
    """A read-only connection to ``path`` that sees every committed change.

    ``mode=ro`` first. When that fails because the file sits on a medium this program cannot
    write (SQLite cannot create the ``-shm`` of a WAL database there), the file and its ``-wal``
    are copied into a private temporary folder (mode 0700) and the copy is opened; it is deleted
    with the connection. Never ``immutable=1``: it would ignore the ``-wal``.

    The copy is made with ``open()``: it only happens when no connection of this process can have
    the original open (SQLite could not open it), so no SQLite lock of ours is dropped by it."""
    path = _absolute(path)
    uri = "file:" + quote(path.as_posix()) + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=timeout)
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path.parent, os.W_OK) or not os.access(path, os.R_OK):
            raise
    except UnicodeDecodeError:
        conn.close()
        raise not_utf8_schema() from None
    return _open_private_copy(path, timeout)


def not_utf8_schema() -> sqlite3.DatabaseError:
    """A damaged schema whose SQLite message quotes bytes that are not UTF-8: Python fails on
    decoding the message itself (UnicodeDecodeError); this is the error it stands for."""
    return sqlite3.DatabaseError("malformed database schema (bytes that are not UTF-8)")


def _open_private_copy(path: Path, timeout: float) -> sqlite3.Connection:
    folder = tempfile.mkdtemp(prefix="si-local-ro-")  # mode 0700
    try:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        wal = _wal_of(path)
        copied_wal = False
        if wal.exists() and wal.stat().st_size > 0:
            shutil.copyfile(wal, _wal_of(copy))
            copied_wal = True
        for item in (copy, _wal_of(copy)):
            if item.exists():
                os.chmod(item, 0o600)
        uri = "file:" + quote(copy.as_posix()) + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, factory=_PrivateCopyConnection)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    conn._copy_folder = folder
    # a connection dropped without close(), or still open when the process ends: copy deleted
    weakref.finalize(conn, shutil.rmtree, folder, True)
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.Error:
        conn.close()
        raise
    log.info("%s is on a read-only medium: read from a private copy in %s (%s)", path, folder,
             "with its -wal" if copied_wal else "no -wal")
    return conn
