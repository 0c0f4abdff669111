"""A database on a network share uses the rollback journal (DELETE), never WAL: WAL's shared memory
(the -shm file) does not reach other computers. The share is simulated with a mountinfo file
(``SI_LOCAL_MOUNTINFO``) that mounts a cifs share on a temporary folder; the last test mounts a
real sshfs share over a private sshd on localhost when this machine allows it."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from si_local.core import registry as reg
from si_local.core import storage
from si_local.core.db import open_database
from si_local.core.write_guard import DatabaseLockedError
from support import run_cli

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="mountinfo is Linux's")

WRITER = textwrap.dedent("""
    import sys, time
    from si_local.core import registry as reg
    from si_local.core.db import open_database
    path, tag, count, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    db = open_database(path)
    journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    while time.time() < start:  # both writers begin together
        time.sleep(0.005)
    for i in range(count):
        reg.save(db, reg.kind("sites"), {"name": f"{tag}-{i}"})
    db.close()
    print(journal, flush=True)
""")

HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1])
    conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()  # holds the WAL open
    print("open", flush=True)
    sys.stdin.readline()
    conn.close()
""")


def _journal(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def share(tmp_path, monkeypatch) -> Path:
    """A folder that the mountinfo file says is a cifs share (a space in its name: \\040)."""
    folder = tmp_path / "partage commun"
    folder.mkdir()
    real = os.path.realpath(folder).replace(" ", "\\040")
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(
        "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
        f"61 27 0:50 / {real} rw,relatime shared:40 - cifs //nas/commun rw,vers=3.1.1\n",
        encoding="utf-8")
    monkeypatch.setenv(storage.ENV_MOUNTINFO, str(mountinfo))  # child processes inherit it
    return folder


def test_new_database_on_a_share_uses_the_rollback_journal(share):
    path = share / "registre.sqlite"
    assert storage.is_network(path)
    db = open_database(path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        reg.save(db, reg.kind("sites"), {"name": "Annexe"})
        assert not path.with_name(path.name + "-wal").exists()
        assert not path.with_name(path.name + "-shm").exists()
    finally:
        db.close()
    assert _journal(path) == "delete"


def test_local_database_keeps_wal(share, tmp_path):
    db = open_database(tmp_path / "local.sqlite")
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()


def test_wal_database_moved_to_a_share_is_converted_with_its_changes(share, tmp_path):
    local = tmp_path / "local" / "registre.sqlite"
    db = open_database(local)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    reg.save(db, reg.kind("sites"), {"name": "Dans le WAL"})
    path = share / "registre.sqlite"
    shutil.copyfile(local, path)  # copied with its -wal while the writer still has it open
    shutil.copyfile(local.with_name(local.name + "-wal"), path.with_name(path.name + "-wal"))
    db.close()
    assert _journal_header(path) == 2  # WAL, in the file's header
    converted = open_database(path)
    try:
        assert converted.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        names = {row[0] for row in converted.execute("SELECT name FROM site")}
        assert "Dans le WAL" in names
    finally:
        converted.close()
    assert not path.with_name(path.name + "-wal").exists()
    assert _journal_header(path) == 1  # rollback journal from now on


def _journal_header(path: Path) -> int:
    """Byte 18 of the SQLite header: 1 rollback journal, 2 WAL (the file is closed here)."""
    with open(path, "rb") as handle:
        return handle.read(20)[18]


def test_wal_database_on_a_share_open_elsewhere_is_refused(share, tmp_path):
    path = share / "registre.sqlite"
    os.environ.pop(storage.ENV_MOUNTINFO)  # created while "local": WAL
    try:
        open_database(path).close()
    finally:
        os.environ[storage.ENV_MOUNTINFO] = str(tmp_path / "mountinfo")
    assert _journal_header(path) == 2
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseLockedError) as caught:
            open_database(path)
        message = str(caught.value)
        assert "dossier réseau" in message and "ouvert dans un autre programme" in message
        assert "\n" not in message
    finally:
        holder.communicate("\n", timeout=30)
    assert _journal_header(path) == 2  # left as it was
    db = open_database(path)  # nobody else has it now: converted
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        db.close()


def _two_writers(path: Path, count: int = 40) -> None:
    start = time.time() + 2.0
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, str(count),
                                 str(start)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
               for tag in ("poste-a", "poste-b")]
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert out.strip() == "delete"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM site")}
    finally:
        conn.close()
    for tag in ("poste-a", "poste-b"):
        assert {f"{tag}-{i}" for i in range(count)} <= names


def test_two_programs_write_at_once_on_a_share_then_check(share):
    path = share / "registre.sqlite"
    open_database(path).close()
    _two_writers(path)
    assert not path.with_name(path.name + "-wal").exists()
    result = run_cli("check", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "Stockage : dossier réseau (cifs), journal DELETE" in result.stdout


def test_check_says_local_disk_and_wal(tmp_path):
    path = tmp_path / "registre.sqlite"
    open_database(path).close()
    result = run_cli("check", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "Stockage : disque local" in result.stdout
    assert "journal WAL" in result.stdout


def test_window_says_the_database_is_on_a_share(qtbot, share):
    from si_local.ui.app import build_context
    from si_local.ui.main_window import MainWindow

    ctx = build_context(share / "registre.sqlite")
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        assert "dossier réseau" in window.db_label.text()
        assert "dossier réseau" in window.db_label.toolTip()
    finally:
        ctx.close()


# --- a real network file system: sshfs over a private sshd on localhost ------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def sshfs_share(tmp_path, monkeypatch):
    """A real fuse.sshfs mount of a temporary folder through a private sshd (its own port, keys
    and configuration in tmp_path). Skips, saying why, when this machine cannot do it."""
    needed = {name: shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
              for name in ("sshd", "ssh-keygen", "sshfs", "fusermount")}
    missing = [name for name, found in needed.items() if not found]
    if missing:
        pytest.skip("sshfs share: missing " + ", ".join(missing))
    if os.geteuid() != 0 or not os.path.exists("/dev/fuse"):
        pytest.skip("sshfs share: needs root and /dev/fuse")
    monkeypatch.delenv(storage.ENV_MOUNTINFO, raising=False)  # the real mount table
    keys = tmp_path / "ssh"
    keys.mkdir(mode=0o700)
    for name in ("host", "client"):
        subprocess.run([needed["ssh-keygen"], "-q", "-t", "ed25519", "-N", "", "-f",
                        str(keys / name)], check=True, timeout=30)
    shutil.copyfile(keys / "client.pub", keys / "authorized_keys")
    port = _free_port()
    config = keys / "sshd_config"
    config.write_text(textwrap.dedent(f"""\
        Port {port}
        ListenAddress 127.0.0.1
        HostKey {keys / 'host'}
        PermitRootLogin prohibit-password
        PasswordAuthentication no
        AuthorizedKeysFile {keys / 'authorized_keys'}
        StrictModes no
        UsePAM no
        PidFile {keys / 'sshd.pid'}
        Subsystem sftp internal-sftp
        """), encoding="utf-8")
    Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation folder
    sshd = subprocess.Popen([needed["sshd"], "-D", "-e", "-f", str(config)],
                            stderr=subprocess.PIPE)
    remote = tmp_path / "remote"
    remote.mkdir()
    mount = tmp_path / "mnt"
    mount.mkdir()
    try:
        mounted = None
        for _attempt in range(20):
            if sshd.poll() is not None:
                pytest.skip("sshfs share: sshd did not start: "
                            + sshd.stderr.read().decode(errors="replace").strip())
            mounted = subprocess.run(
                [needed["sshfs"], "-p", str(port), "-o",
                 f"IdentityFile={keys / 'client'},StrictHostKeyChecking=no,"
                 f"UserKnownHostsFile={keys / 'known_hosts'},BatchMode=yes",
                 f"root@127.0.0.1:{remote}", str(mount)],
                capture_output=True, text=True, timeout=30)
            if mounted.returncode == 0:
                break
            time.sleep(0.25)
        if mounted is None or mounted.returncode != 0:
            pytest.skip("sshfs share: mount failed: " + (mounted.stderr.strip() if mounted else ""))
        try:
            yield mount, remote
        finally:
            subprocess.run([needed["fusermount"], "-u", "-z", str(mount)], capture_output=True,
                           timeout=30)
    finally:
        sshd.terminate()
        sshd.wait(timeout=30)


def test_two_programs_write_at_once_on_a_real_sshfs_share_then_check(sshfs_share):
    mount, remote = sshfs_share
    path = mount / "registre.sqlite"
    assert storage.filesystem_type(path) == "fuse.sshfs"
    assert storage.is_network(path)
    open_database(path).close()
    assert _journal(remote / "registre.sqlite") == "delete"
    _two_writers(path, count=25)
    assert not (remote / "registre.sqlite-wal").exists()
    result = run_cli("check", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "Stockage : dossier réseau (fuse.sshfs), journal DELETE" in result.stdout
