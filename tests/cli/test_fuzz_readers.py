"""Fuzzing every command that reads a file a user hands over (issue 14: "every bad input gets one
clear line").

Each test starts from a real, valid file (an agent inventory, an exported CSV or bundle, a staff
list, a core-model pack, a backup copy, the database itself), damages it in the ways files get
damaged (bytes flipped, cut short, random bytes or structures inserted, nesting thousands deep,
numbers too large for anything, a wrong type at any key, empty, binary garbage, another encoding)
and runs the command through the program's ``main`` in this process, asserting:

- the exit code is 0 or one of the documented error codes (:data:`ALLOWED`), never 70 (the
  "unexpected error" of ``cli._last_resort``);
- no traceback, and every line of the error output is one message (it starts with ``si-local:``
  or with the file's name, the way ``cli/output.print_problems`` lists a file's problems);
- when the command refused the file, every row of every table is as before (a digest of all the
  tables, audit trail included).

The database is copied once per test from the session's demo; an example that changed it
(an accepted file) puts the pristine copy back. ``derandomize=True``: the same examples run
every time, on every machine.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from si_local.cli import EXIT_UNEXPECTED, main
from support import INVENTORIES, all_rows_checksum

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"

# 1: a UserError (the database, a refused action); 2: bad lines of a spreadsheet, or a bad
# argument; 3: a file that cannot be read (ImportFileError, a staff list with only bad lines).
ALLOWED = {0, 1, 2, 3}

# SI_LOCAL_FUZZ_EXAMPLES=500 searches longer, with new random examples each run (not in CI).
_LONGER = int(os.environ.get("SI_LOCAL_FUZZ_EXAMPLES") or 0)
FUZZ = settings(max_examples=_LONGER or 30, deadline=None, derandomize=not _LONGER, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


# --- running the command line in this process ----------------------------------------------------

def run_main(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def digest(path: Path) -> str:
    return all_rows_checksum(path)


class Database:
    """One database file per test, reset to its first content after an example that changed it."""

    def __init__(self, template: Path, folder: Path):
        from si_local.core import identity

        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "fuzz.sqlite"
        shutil.copy(template, self.path)
        identity.claim_file(self.path)  # its own identity now, not at the first example
        self.pristine = folder / "pristine.bin"
        shutil.copy(self.path, self.pristine)
        self.first = digest(self.path)

    def reset(self) -> None:
        for suffix in ("-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.copy(self.pristine, self.path)


def check_run(argv: list, db: Database | None, files: list[Path]) -> tuple[int, str, str]:
    """Run ``argv``; assert the rules of the module docstring; put the database back if changed."""
    code, out, err = run_main(argv)
    shown = f"argv={argv}\nstdout={out[-2000:]}\nstderr={err[-2000:]}"
    assert code != EXIT_UNEXPECTED, shown
    assert code in ALLOWED, shown
    assert "Traceback" not in out + err, shown
    prefixes = ("si-local: ", *(str(f) for f in files))
    for line in err.splitlines():
        assert line.startswith(prefixes) or line in KNOWN_SENTENCES, shown
    if code != 0:
        assert err.strip(), shown  # a refusal always says why
    if db is not None:
        after = digest(db.path)
        if code != 0:
            assert after == db.first, "the database changed although the file was refused\n" + shown
        elif after != db.first:
            db.reset()
    return code, out, err


def _sentences() -> set[str]:
    from si_local.core.i18n import _

    return {_("Nothing was written because of the bad lines; fix them, or use --only-good to "
              "import the good lines only.")}


KNOWN_SENTENCES: set[str] = set()


@pytest.fixture(autouse=True)
def _known_sentences():
    KNOWN_SENTENCES.clear()
    KNOWN_SENTENCES.update(_sentences())


# --- ways of damaging a file --------------------------------------------------------------------

BAD_SCALARS = [
    "", " ", "x" * 5000, "\x00", "é\n\r\t;\"'", "=1+1", "-1", "0", "1e400", "9" * 5000,
    None, True, False, 0, -1, -(2**63) - 1, 2**63, 2**70, 10**400, 1.5, -0.0, 1e308,
    [], {}, [1, "a", None], {"a": {"b": [1]}},
]
RAW_LITERALS = ["1e400", "-1e400", "NaN", "Infinity", "1" + "0" * 5000, "[" * 5000 + "]" * 5000,
                '{"a":' * 3000 + "1" + "}" * 3000, '"\\ud800"', "0x10", "+1", "01"]


@st.composite
def byte_mutation(draw, seed: bytes) -> bytes:
    """``seed`` damaged at the byte level."""
    size = len(seed)
    kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "repeat", "empty",
                                 "garbage", "encoding", "nul"]))
    if kind == "flip":
        data = bytearray(seed)
        for pos, value in draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, 255)),
                                        min_size=1, max_size=8)):
            data[pos] = value
        return bytes(data)
    if kind == "truncate":
        return seed[:draw(st.integers(0, size))]
    if kind == "insert":
        pos = draw(st.integers(0, size))
        return seed[:pos] + draw(st.binary(min_size=1, max_size=40)) + seed[pos:]
    if kind == "delete":
        start = draw(st.integers(0, size))
        return seed[:start] + seed[start + draw(st.integers(1, 200)):]
    if kind == "repeat":
        start = draw(st.integers(0, size))
        chunk = seed[start:start + draw(st.integers(1, 300))]
        return seed[:start] + chunk * draw(st.integers(2, 50)) + seed[start:]
    if kind == "empty":
        return draw(st.sampled_from([b"", b" ", b"\n", b"\xef\xbb\xbf", b"\x00" * 10]))
    if kind == "garbage":
        return draw(st.binary(max_size=300))
    if kind == "nul":
        pos = draw(st.integers(0, size))
        return seed[:pos] + b"\x00" + seed[pos:]
    text = seed.decode("utf-8", errors="replace")
    encoding = draw(st.sampled_from(["utf-16", "utf-16-be", "utf-32", "cp1252", "latin-1",
                                     "utf-8-sig", "mac-roman"]))
    return text.encode(encoding, errors="replace")


def _paths(value, prefix=()):
    """Every path (tuple of keys and indexes) to a value inside a decoded JSON document."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, prefix + (index,))


def _set(doc, path, value):
    if not path:
        return value
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


def _delete(doc, path):
    target = doc
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return doc


PLACEHOLDER = "@@RAW-LITERAL@@"


@st.composite
def json_mutation(draw, seed: bytes, fix=None, where=None) -> bytes:
    """``seed`` (a JSON document) with one to three values replaced by a bad scalar, a raw literal
    Python's json would not write (1e400, NaN, 5,000 digits, nesting 5,000 deep), a wrong type, or
    a key deleted or added. ``where`` keeps only the paths it accepts (to aim at part of a
    document); ``fix(doc)`` is then applied (recomputing a checksum) so that the damage reaches
    the checks behind it."""
    doc = json.loads(seed)
    paths = [p for p in _paths(doc) if where is None or where(p)]
    raws = []
    for _round in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(["scalar", "scalar", "raw", "delete", "add", "wrap"]))
        try:
            current = doc
            for key in path:
                if not isinstance(current, (dict, list)):  # a string indexes too
                    raise TypeError(key)
                current = current[key]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier round replaced a parent
        if kind == "scalar":
            doc = _set(doc, path, json.loads(json.dumps(draw(st.sampled_from(BAD_SCALARS)))))
        elif kind == "raw":
            raws.append(draw(st.sampled_from(RAW_LITERALS)))
            doc = _set(doc, path, PLACEHOLDER)
        elif kind == "delete" and path:
            doc = _delete(doc, path)
        elif kind == "add" and isinstance(current, dict):
            current[draw(st.sampled_from(["x", "id", "name", "$base64", "", "é"]))] = draw(
                st.sampled_from(BAD_SCALARS))
        elif kind == "wrap":
            doc = _set(doc, path, draw(st.sampled_from([[current], {"value": current}])))
    if fix is not None and not raws:
        try:
            doc = fix(doc)
        except Exception:  # noqa: BLE001 - the damage broke what fix() reads: leave it broken
            pass
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()), indent=1)
    for raw in raws:
        text = text.replace(json.dumps(PLACEHOLDER), raw, 1)
    return text.encode("utf-8")


def any_mutation(seed: bytes, *, fix=None, where=None, structured=None):
    """Byte-level damage, or structure-aware damage (``structured`` is a strategy builder)."""
    choices = [byte_mutation(seed)]
    if structured is not None:
        choices += [structured(seed), structured(seed)]  # weighted: the deeper checks
    elif fix is not None or where is not None or seed.lstrip()[:1] in (b"{", b"["):
        choices += [json_mutation(seed, fix, where), json_mutation(seed, fix, where)]
    return st.one_of(*choices)


# --- the fixtures: real files -------------------------------------------------------------------

@pytest.fixture
def fuzz_db(demo_template, tmp_path) -> Database:
    return Database(demo_template, tmp_path / "db")


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


# --- inventories ----------------------------------------------------------------------------------

INVENTORY_JSON = [DATA / "host.json", DATA / "guest.json",
                  INVENTORIES / "glpi-json-computer_2_partial_vms.json"]
INVENTORY_XML = [INVENTORIES / "fusioninventory-2.xml", INVENTORIES / "fusioninventory-7.xml",
                 DATA / "fusioninventory-real-debian.xml"]


@FUZZ
@given(data=st.data())
def test_fuzz_inventory_json(fuzz_db, tmp_path, data):
    seed = data.draw(st.sampled_from(INVENTORY_JSON)).read_bytes()
    path = _write(tmp_path / "in", "inventaire.json", data.draw(any_mutation(seed)))
    check_run(["import", "inventory", "--db", fuzz_db.path, path], fuzz_db, [path])


@st.composite
def xml_mutation(draw, seed: bytes) -> bytes:
    root = ET.fromstring(seed)
    elements = list(root.iter())
    for _round in range(draw(st.integers(1, 3))):
        element = draw(st.sampled_from(elements))
        kind = draw(st.sampled_from(["text", "text", "remove", "duplicate", "nest", "rename",
                                     "attribute"]))
        if kind == "text":
            value = draw(st.sampled_from(BAD_SCALARS + RAW_LITERALS[:5]))
            element.text = "" if value is None else (value if isinstance(value, str) else json.dumps(value))
            if len(element.text) > 6000:
                element.text = element.text[:6000]
        elif kind == "remove":
            for parent in elements:
                if element in list(parent):
                    parent.remove(element)
                    break
        elif kind == "duplicate":
            for parent in elements:
                if element in list(parent):
                    for _i in range(draw(st.integers(1, 30))):
                        try:
                            parent.append(copy.deepcopy(element))
                        except RecursionError:  # an earlier round nested it 3,000 deep
                            break
                    break
        elif kind == "nest":
            inner = element
            for _i in range(draw(st.sampled_from([3, 70, 3000]))):
                child = ET.SubElement(inner, element.tag)
                inner = child
        elif kind == "rename":
            element.tag = draw(st.sampled_from(["X", "NAME", "MEMORY", "VIRTUALMACHINES", "UUID"]))
        else:
            element.set(draw(st.sampled_from(["a", "xmlns", "NAME"])), draw(st.text(max_size=10)))
    try:
        text = ET.tostring(root, encoding="unicode")
    except RecursionError:
        text = "<REQUEST>" + "<CONTENT>" * 3000
    return draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8"?>\n', ""])).encode() + \
        text.encode("utf-8")


@FUZZ
@given(data=st.data())
def test_fuzz_inventory_xml(fuzz_db, tmp_path, data):
    seed = data.draw(st.sampled_from(INVENTORY_XML)).read_bytes()
    path = _write(tmp_path / "in", "inventaire.xml",
                  data.draw(any_mutation(seed, structured=xml_mutation)))
    check_run(["import", "inventory", "--db", fuzz_db.path, path], fuzz_db, [path])


# --- spreadsheets ---------------------------------------------------------------------------------

BAD_CELLS = ["", " ", '"', '""', 'a"b', "x" * 300, "x" * 20000, "9" * 400, "1e400", "-1", "-0",
             "1,5", "1.5", "NaN", "inf", "2026-02-30", "0000-00-00", "99999-01-01", "oui", "non",
             "\x00", "\r", "\n", ";", ",", "=cmd|' /C calc'!A0", "é" * 50, "\ud7ff", "SRV-AD01",
             "Serveur inconnu", "critique", "-9223372036854775809", "9223372036854775808"]


@st.composite
def csv_mutation(draw, seed: bytes) -> bytes:
    text = seed.decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    rows = [line.split(delimiter) for line in text.splitlines()]
    for _round in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cell", "cell", "cell", "header", "extra", "short",
                                     "dup-row", "dup-col", "quote"]))
        r = draw(st.integers(0, len(rows) - 1))
        row = rows[r]
        if not row:
            continue
        c = draw(st.integers(0, len(row) - 1))
        if kind == "cell":
            row[c] = draw(st.sampled_from(BAD_CELLS))
        elif kind == "header":
            rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(
                st.sampled_from(["", "Nom", "nom", "id", "x", "RAM", "Serveur hôte", '"']))
        elif kind == "extra":
            row.extend(draw(st.lists(st.sampled_from(BAD_CELLS), min_size=1, max_size=5)))
        elif kind == "short":
            del row[c:]
        elif kind == "dup-row":
            rows.extend([list(row)] * draw(st.integers(1, 5)))
        elif kind == "dup-col":
            for line in rows:
                if c < len(line):
                    line.append(line[c])
        else:
            row[c] = '"' + row[c]
    return "\r\n".join(delimiter.join(row) for row in rows).encode("utf-8")


CSV_KINDS = ["servers", "vms", "applications", "backups", "sites", "contacts"]


@pytest.fixture
def csv_seeds(fuzz_db, tmp_path) -> dict[str, bytes]:
    seeds = {}
    for kind in CSV_KINDS:
        out = tmp_path / "seeds" / f"{kind}.csv"
        out.parent.mkdir(exist_ok=True)
        code, _out, err = run_main(["export", "csv", "--db", fuzz_db.path, "--table", kind, "-o", out])
        assert code == 0, err
        seeds[kind] = out.read_bytes()
    assert digest(fuzz_db.path) == fuzz_db.first
    return seeds


@FUZZ
@given(data=st.data())
def test_fuzz_registry_csv(fuzz_db, csv_seeds, tmp_path, data):
    kind = data.draw(st.sampled_from(CSV_KINDS))
    path = _write(tmp_path / "in", f"{kind}.csv",
                  data.draw(any_mutation(csv_seeds[kind], structured=csv_mutation)))
    argv = ["import", "csv", "--db", fuzz_db.path, "--table", kind, path]
    if data.draw(st.booleans()):
        argv.append("--dry-run")
    check_run(argv, fuzz_db, [path])


@pytest.fixture
def staff_seed(fuzz_db) -> bytes:
    import sqlite3

    conn = sqlite3.connect(fuzz_db.path)
    try:
        rows = conn.execute(
            "SELECT s.last_name, s.first_name, s.profile, u.name, s.shift, s.status, s.active "
            "FROM training_staff s LEFT JOIN training_unit u ON u.id = s.unit_id "
            "ORDER BY s.id LIMIT 40").fetchall()
    finally:
        conn.close()
    lines = ["Nom;Prénom;Profil;Unité;Horaire;Statut;Actif;Notes"]
    lines += [";".join("" if v is None else str(v) for v in row) + ";" for row in rows]
    return "\r\n".join(lines).encode("utf-8")


@FUZZ
@given(data=st.data())
def test_fuzz_staff_csv(fuzz_db, staff_seed, tmp_path, data):
    path = _write(tmp_path / "in", "personnel.csv",
                  data.draw(any_mutation(staff_seed, structured=csv_mutation)))
    argv = ["import", "staff", "--db", fuzz_db.path, path]
    if data.draw(st.booleans()):
        argv.append("--dry-run")
    check_run(argv, fuzz_db, [path])


# --- bundles --------------------------------------------------------------------------------------

def fix_bundle(doc):
    from si_local.core.interop.bundle import canonical
    from si_local.core.interop.common import sha256_hex

    doc["checksum"] = sha256_hex(canonical(doc["tables"]))
    return doc


@pytest.fixture(scope="module")
def group_bundles(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("bundles")
    code, _out, err = run_main(["group", "demo-bundles", folder])
    assert code == 0, err
    return sorted(folder.glob("*.json"))


def _small_bundle(group_bundles) -> bytes:
    return min(group_bundles, key=lambda p: p.stat().st_size).read_bytes()


@FUZZ
@given(data=st.data())
def test_fuzz_bundle_import(fuzz_db, group_bundles, tmp_path, data):
    seed = data.draw(st.sampled_from(group_bundles)).read_bytes()
    in_tables = lambda path: len(path) >= 3 and path[0] == "tables"  # noqa: E731
    mutated = data.draw(st.one_of(byte_mutation(seed), json_mutation(seed, fix_bundle, in_tables),
                                  json_mutation(seed, fix_bundle, in_tables),
                                  json_mutation(seed, fix_bundle)))
    path = _write(tmp_path / "in", "bundle.json", mutated)
    argv = ["import", "bundle", "--db", fuzz_db.path, path]
    if data.draw(st.booleans()):
        argv.append("--dry-run")
    check_run(argv, fuzz_db, [path])


@settings(FUZZ, max_examples=_LONGER or 20)
@given(data=st.data())
def test_fuzz_bundle_into_new_database(group_bundles, tmp_path, data):
    """Into a file that does not exist yet: a refused bundle leaves no file behind."""
    seed = _small_bundle(group_bundles)
    in_tables = lambda path: len(path) >= 3 and path[0] == "tables"  # noqa: E731
    path = _write(tmp_path / "in", "bundle.json",
                  data.draw(st.one_of(byte_mutation(seed), json_mutation(seed, fix_bundle, in_tables))))
    target = tmp_path / "new" / f"n{len(list((tmp_path).glob('new/*')))}.sqlite"
    code, _out, _err = check_run(["import", "bundle", "--db", target, path], None, [path])
    if code != 0:
        assert not target.exists()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


@settings(FUZZ, max_examples=_LONGER or 15)
@given(data=st.data())
def test_fuzz_group_consolidation(group_bundles, tmp_path, data):
    seed = _small_bundle(group_bundles)
    in_tables = lambda path: len(path) >= 3 and path[0] == "tables"  # noqa: E731
    path = _write(tmp_path / "in", "etablissement.json",
                  data.draw(st.one_of(byte_mutation(seed), json_mutation(seed, fix_bundle, in_tables),
                                      json_mutation(seed, fix_bundle))))
    out = tmp_path / "out" / "groupe.pdf"
    out.parent.mkdir(exist_ok=True)
    code, _o, _e = check_run(["print", "group", "-o", out, group_bundles[0], path], None,
                             [path, group_bundles[0]])
    assert not list(out.parent.glob("*.part"))
    if code != 0:
        assert not out.exists()
    out.unlink(missing_ok=True)


# --- core-model packs: questionnaires, scenario templates, naming rules ---------------------------

def fix_pack(doc):
    from si_local.core.group.packs import checksum

    doc["checksum"] = checksum(doc["items"])
    return doc


@pytest.fixture
def pack_seed(fuzz_db, tmp_path) -> bytes:
    out = tmp_path / "seeds" / "pack.json"
    out.parent.mkdir(exist_ok=True)
    code, _o, err = run_main(["group", "export-pack", "--db", fuzz_db.path, "-o", out])
    assert code == 0, err
    assert digest(fuzz_db.path) == fuzz_db.first
    return out.read_bytes()


def _after_pack(db_path: Path) -> None:
    """What reads a pack's items once taken: the questionnaires offered to a new campaign, the
    scenario templates, the alerts of Home (naming rules), each template added as a scenario."""
    from si_local.core import continuity
    from si_local.core.alerts import collect
    from si_local.core.db import open_database
    from si_local.core.diagnostic import questionnaire
    from si_local.core.errors import UserError

    db = open_database(db_path)
    try:
        questionnaire.available(db=db)
        try:
            templates = continuity.load_templates(db=db)
        except UserError:
            templates = []
        collect(db)
        for template in templates:
            if template.from_group:
                try:
                    continuity.add_from_template(db, template.key, templates=templates)
                except UserError:
                    pass
    finally:
        db.close()


@FUZZ
@given(data=st.data())
def test_fuzz_pack_import(fuzz_db, pack_seed, tmp_path, data):
    in_items = lambda path: len(path) >= 3 and path[0] == "items"  # noqa: E731
    in_data = lambda path: len(path) >= 4 and path[0] == "items" and path[2] == "data"  # noqa: E731
    mutated = data.draw(st.one_of(byte_mutation(pack_seed), json_mutation(pack_seed, fix_pack),
                                  json_mutation(pack_seed, fix_pack, in_items),
                                  json_mutation(pack_seed, fix_pack, in_data),
                                  json_mutation(pack_seed, fix_pack, in_data)))
    path = _write(tmp_path / "in", "pack.json", mutated)
    argv = ["group", "import-pack", "--db", fuzz_db.path, path]
    dry = data.draw(st.booleans())
    if dry:
        argv.append("--dry-run")
    code, _o, _e = run_main_and_check(argv, fuzz_db, path, after=None if dry else _after_pack)


def run_main_and_check(argv, db: Database, path: Path, after=None):
    code, out, err = run_main(argv)
    shown = f"argv={argv}\nstdout={out[-2000:]}\nstderr={err[-2000:]}"
    assert code != EXIT_UNEXPECTED and code in ALLOWED, shown
    assert "Traceback" not in out + err, shown
    for line in err.splitlines():
        assert line.startswith(("si-local: ", str(path))), shown
    changed = digest(db.path) != db.first
    if code != 0:
        assert not changed, shown
    elif changed:
        try:
            if after is not None:
                after(db.path)
        finally:  # a failure there is reported as itself, not as the next example's
            db.reset()
    return code, out, err


def _questionnaire_seed() -> bytes:
    from si_local.core.diagnostic.questionnaire import questionnaires_dir

    return sorted(questionnaires_dir().glob("*.json"))[0].read_bytes()


def _templates_seed() -> bytes:
    from si_local.core.continuity import templates_path

    return templates_path().read_bytes()


@FUZZ
@given(data=st.data())
def test_fuzz_questionnaire_and_template_items(fuzz_db, tmp_path, data):
    """A pack carrying one questionnaire or one scenario template, damaged anywhere inside."""
    kind = data.draw(st.sampled_from(["questionnaire", "scenario_template"]))
    if kind == "questionnaire":
        content = json.loads(_questionnaire_seed())
    else:
        content = json.loads(_templates_seed())["templates"][0]
    base = {"format": "si-local-core-model", "format_version": 1, "group": "GHT Fuzz",
            "version": 1, "created_at": "2026-11-23T09:00:00", "app_version": "0",
            "items": [{"kind": kind, "key": f"fuzz-{kind}", "title": "Fuzz", "data": content}]}
    seed = json.dumps(fix_pack(base)).encode("utf-8")
    in_data = lambda path: len(path) >= 4 and path[0] == "items" and path[2] == "data"  # noqa: E731
    mutated = data.draw(st.one_of(json_mutation(seed, fix_pack, in_data),
                                  json_mutation(seed, fix_pack, in_data), byte_mutation(seed)))
    path = _write(tmp_path / "in", "pack.json", mutated)
    run_main_and_check(["group", "import-pack", "--db", fuzz_db.path, path], fuzz_db, path,
                       after=_after_pack)


@FUZZ
@given(data=st.data())
def test_fuzz_questionnaire_files(tmp_path, data):
    """The facility's own questionnaire files (``questionnaires/`` in the data folder) and the
    scenario templates file: a damaged one is an ImportFileError naming it, nothing else."""
    from si_local.core import continuity
    from si_local.core.diagnostic import questionnaire
    from si_local.core.errors import ImportFileError

    which = data.draw(st.sampled_from(["questionnaire", "templates"]))
    seed = _questionnaire_seed() if which == "questionnaire" else _templates_seed()
    path = _write(tmp_path / "q", f"q{which}.json", data.draw(any_mutation(seed)))
    try:
        if which == "questionnaire":
            questionnaire.load_questionnaire(path)
        else:
            continuity.load_templates(path)
    except ImportFileError as exc:
        # a value quoted from the file may hold a line break: shown through one_line()
        assert path.name in str(exc)


# --- the database file itself, and a copy to restore -----------------------------------------------

@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    """A small database (a new one with a few records) whose bytes are damaged below."""
    from si_local.core.db import open_database

    path = tmp_path_factory.mktemp("small") / "petit.sqlite"
    db = open_database(path)
    with db.atomic():
        db["site"].insert({"name": "Site principal"})
        db["server"].insert({"name": "SRV-AD-01", "site_id": 1, "ram_gb": 64})
    db.close()
    return path


@FUZZ
@given(data=st.data())
def test_fuzz_database_file(small_db, tmp_path, data):
    seed = small_db.read_bytes()
    mutated = data.draw(byte_mutation(seed))
    path = _write(tmp_path / "base", "base.sqlite", mutated)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    check_run(["list", "servers", "--db", path], None, [path])
    check_run(["check", "--db", path], None, [path])


@FUZZ
@given(data=st.data())
def test_fuzz_restore(fuzz_db, small_db, tmp_path, data):
    seed = small_db.read_bytes()
    path = _write(tmp_path / "copy", "copie.sqlite", data.draw(byte_mutation(seed)))
    check_run(["restore", "--db", fuzz_db.path, path], fuzz_db, [path])
