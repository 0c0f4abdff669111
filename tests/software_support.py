"""What the tests of the installed programs' storage check on a database (core/software_lists.py)."""

from __future__ import annotations

from si_local.core.software_lists import from_blob, unpack


def index_matches_content(db) -> int:
    """Every list's index is sorted, fits its length and names exactly the releases its lines
    describe (no name and version twice); returns the number of lines."""
    releases = {rid: (name, version, publisher) for rid, name, version, publisher in db.execute(
        "SELECT r.id, n.name, r.version, r.publisher FROM software_release r "
        "JOIN software_name n ON n.id = r.name_id")}
    lines = 0
    for content, blob, count in db.execute("SELECT content, releases, programs FROM software_list"):
        programs = unpack(content)
        ids = from_blob(blob, len(programs))
        assert ids is not None and count == len(programs)
        assert list(ids) == sorted(ids)
        assert sorted(releases[i] for i in ids) == sorted((p[0], p[1], p[2]) for p in programs)
        assert len({p[:2] for p in programs}) == len(programs)
        lines += len(programs)
    return lines
