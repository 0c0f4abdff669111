"""The file system of a path, read from a mountinfo file (``SI_LOCAL_MOUNTINFO`` names one)."""

from __future__ import annotations

import os
import sys

import pytest

from si_local.core import storage

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="mountinfo is Linux's")

MOUNTINFO = r"""22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
61 27 0:50 / /mnt/partage\040commun rw,relatime shared:40 - cifs //nas/commun rw,vers=3.1.1
62 61 0:51 / /mnt/partage\040commun/local rw,relatime - ext4 /dev/sdb1 rw
63 27 0:52 /export /srv/nfs rw,relatime shared:1 master:2 - nfs4 nas:/export rw
64 27 0:53 / /srv/nfs-old rw - nfs nas:/old rw
65 27 0:54 / /home/u/ssh rw,nosuid,nodev - fuse.sshfs u@nas:/home rw,user_id=0
66 27 0:55 / /mnt/tab\011and\134slash rw - smb3 //nas/x rw
67 27 0:56 / /media/usb rw - vfat /dev/sdc1 rw
68 27 0:57 / /media/usb ro - iso9660 /dev/sr0 ro
"""


@pytest.fixture
def mountinfo(tmp_path, monkeypatch):
    path = tmp_path / "mountinfo"
    path.write_text(MOUNTINFO, encoding="utf-8")
    monkeypatch.setenv(storage.ENV_MOUNTINFO, str(path))
    return path


@pytest.mark.parametrize(("path", "fstype", "network"), [
    ("/home/u/registre.sqlite", "ext4", False),
    ("/mnt/partage commun/SI/registre.sqlite", "cifs", True),  # \040 decoded
    ("/mnt/partage commun", "cifs", True),  # the mount point itself
    ("/mnt/partage commun/local/registre.sqlite", "ext4", False),  # a mount inside the share
    ("/mnt/partage communs/registre.sqlite", "ext4", False),  # a prefix of the name is no parent
    ("/srv/nfs/a/b.sqlite", "nfs4", True),  # optional fields before the dash
    ("/srv/nfs-old/b.sqlite", "nfs", True),  # longest prefix, not the first match
    ("/home/u/ssh/b.sqlite", "fuse.sshfs", True),
    ("/mnt/tab\tand\\slash/b.sqlite", "smb3", True),  # \011 and \134
    ("/media/usb/b.sqlite", "iso9660", False),  # the later mount on a point hides the earlier
])
def test_filesystem_type_from_mountinfo(mountinfo, path, fstype, network):
    assert storage.filesystem_type(path) == fstype
    assert storage.is_network(path) is network


def test_a_relative_path_and_a_link_are_resolved(mountinfo, tmp_path, monkeypatch):
    share = tmp_path / "share"
    share.mkdir()
    text = MOUNTINFO + f"70 27 0:60 / {share.resolve()} rw - cifs //nas/s rw\n"
    mountinfo.write_text(text, encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(share, target_is_directory=True)
    assert storage.filesystem_type(link / "registre.sqlite") == "cifs"
    monkeypatch.chdir(share)
    assert storage.is_network("registre.sqlite")


def test_the_real_mountinfo_is_read(monkeypatch):
    if not os.path.exists(storage.MOUNTINFO):
        pytest.skip("no /proc/self/mountinfo here")
    monkeypatch.delenv(storage.ENV_MOUNTINFO, raising=False)
    assert storage.filesystem_type("/") not in (None, "")


def test_unreadable_mountinfo_means_unknown(tmp_path, monkeypatch):
    monkeypatch.setenv(storage.ENV_MOUNTINFO, str(tmp_path / "missing"))
    assert storage.filesystem_type("/mnt/x/registre.sqlite") is None
    assert storage.is_network("/mnt/x/registre.sqlite") is False
    assert storage.filesystem_type(":memory:") is None


def test_network_types():
    for fstype in ("cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "9p", "afs", "ceph",
                   "glusterfs", "fuse.glusterfs", "davfs", "webdav"):
        assert fstype in storage.NETWORK_TYPES
    for fstype in ("ext4", "xfs", "btrfs", "vfat", "exfat", "ntfs", "tmpfs", "iso9660"):
        assert fstype not in storage.NETWORK_TYPES
