"""A bundle the schema's triggers refuse (two first entries of one incident number, a correction
of another incident's entry): the refusal quoted SQLite's English text inside the French
sentence (« … ne peut pas être importé dans cette base (this incident number is taken) … »).
Now the quoted reason is French too, on the command line, in the window (the same ImportFileError
through plan_bundle / apply_bundle) and in the group's consolidation."""

from __future__ import annotations

import json

import pytest

from si_local.core.errors import ImportFileError
from si_local.core.interop.bundle import canonical
from si_local.core.interop.common import sha256_hex
from support import run_cli

CASES = [
    (lambda entries: entries[2].update(incident_no=1), "ce numéro d’incident est déjà pris",
     "this incident number is taken"),
    (lambda entries: entries[1].update(incident_no=2),
     "une correction appartient à l’incident de l’entrée qu’elle corrige",
     "a correction belongs to the incident of the entry it corrects"),
]


def _hostile_bundle(demo_path, tmp_path, change):
    out = tmp_path / "lot.json"
    assert run_cli("export", "bundle", "--db", str(demo_path), "-o", str(out)).returncode == 0
    bundle = json.loads(out.read_text(encoding="utf-8"))
    entries = bundle["tables"]["incident_entry"]
    assert [(e["incident_no"], e["corrects_id"]) for e in entries] == [(1, None), (1, 1), (2, None)]
    change(entries)
    bundle["checksum"] = sha256_hex(canonical(bundle["tables"]))
    out.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.mark.parametrize("change, french, english", CASES)
def test_the_command_line_says_why_in_french(demo_path, tmp_path, change, french, english):
    bundle = _hostile_bundle(demo_path, tmp_path, change)
    target = tmp_path / "neuve.sqlite"
    result = run_cli("import", "bundle", "--db", str(target), str(bundle))
    assert result.returncode == 3, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert french in result.stderr and english not in result.stderr, result.stderr
    assert not target.exists()  # no half-made database left


@pytest.mark.parametrize("change, french, english", CASES)
def test_the_window_and_the_consolidation_say_why_in_french(demo_path, tmp_path, db, change, french,
                                                            english):
    from si_local.core.group.consolidation import load_bundle
    from si_local.core.interop.bundle import apply_bundle, plan_bundle, read_bundle

    path = _hostile_bundle(demo_path, tmp_path, change)
    before = db.execute("SELECT count(*) FROM incident_entry").fetchone()[0]
    with pytest.raises(ImportFileError) as caught:  # what the import dialog calls
        apply_bundle(db, plan_bundle(db, read_bundle(path), path), snapshot=False)
    assert french in str(caught.value) and english not in str(caught.value)
    assert db.execute("SELECT count(*) FROM incident_entry").fetchone()[0] == before
    with pytest.raises(ImportFileError) as caught:  # the Group page, « print group »
        load_bundle(path)
    assert french in str(caught.value) and english not in str(caught.value)


def test_every_trigger_text_of_the_schema_has_its_french():
    """A new trigger's RAISE text is listed in schema_refusals (so it gets a catalogue entry,
    tests/test_i18n.py), or the person reads English inside a French sentence."""
    import re
    from pathlib import Path

    from si_local.core import migrations
    from si_local.core.schema_refusals import TRIGGER_TEXTS

    folder = Path(migrations.__file__).parent
    raised = {m[1] for path in folder.glob("*.py")
              for m in re.finditer(r"RAISE\(ABORT,\s*'([^']*)'\)", path.read_text(encoding="utf-8"))}
    assert raised == set(TRIGGER_TEXTS)
