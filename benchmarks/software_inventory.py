"""Installed programs at scale: 1,000 agent inventories of 3,000 programs each (3 million rows).

    .venv/bin/python benchmarks/software_inventory.py [MACHINES] [PROGRAMS]

Generates GLPI agent JSON inventories (servers) whose programs are drawn from a pool of realistic
names and versions (Windows programs and updates, Debian and RPM packages, with versions such as
1.1.1w, 24.07.00.0, 1:2.3-1+deb12u1), each with the fields a real agent writes (architecture,
origin, GUID and uninstall string of a Windows program, size and description of a package: see
tests/data/inventories), so that reading a file costs what it costs; machines share most of
their programs, as machines built from the same images do. Then measures:

(a) the import WITHOUT keeping the programs (``plan_inventories(keep_software=False)``: today's
    import, which reads each file whole but not its programs) and WITH them, into two databases,
    as one import of all the files (the import dialog and ``si-local import inventory``: one plan,
    one transaction) and as one import per file; the budget is « today's import + 2× »: with
    programs ≤ 3× without;
(b) a re-import where each machine has 12 programs more and 3 fewer (one audit entry each);
(c) « am I affected? » searches on the resulting database: each under 200 ms.

Figures measured on the project's machine (2 cores, quiet: load < 1), 7 December 2026, after a
machine's list became one row with a sorted index (schema step m019):
- 1,000 × 3,000 (824 MB, 3,000,000 programs), five runs: one import without 7.1–8.7 s, with
  16.6–18.7 s: 2.0–2.4× (a fifth run 2.9×, 7.5 s / 21.5 s, while the machine was slower: its
  searches took 18–27 ms); one import per file 13.8–16.4 s / 25.1–34.2 s (1.8–2.1×); re-import
  25–39 s, 1,000 audit entries; peak memory of the process 114–118 MB; searches 15–19 ms
  (« OpenSSL < 3.0.7 » 1,971 programs on 949 machines, « 7-Zip < 24.07 », « java »,
  « firefox <= 115.0 »);
- 100 × 3,000: 0.5–0.7 s / 1.2–1.5 s (2.2–2.3×), per file 2.2×; searches 19–22 ms before the
  index was sorted.
Before m019 (one row per program, an index by name; generated programs with four fields only,
and the programs read by the import « without » them as well): 100 × 3,000 took 3.2–3.5× on a
quiet machine, writing a machine's rows cost about 100 ms at 3 million rows, and a plan of 1,000
files held about 700 MB.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
TEMPLATE = ROOT / "tests" / "data" / "interop" / "host.json"
QUERIES = ["OpenSSL < 3.0.7", "7-Zip < 24.07", "java", "firefox <= 115.0", "openssl >= 1.1 < 3.0.7"]
BUDGET_RATIO = 3.0
SEARCH_BUDGET_MS = 200

WINDOWS = [("7-Zip {v} (x64)", "Igor Pavlov"), ("Mozilla Firefox ({v} x64 fr)", "Mozilla"),
           ("Google Chrome", "Google LLC"), ("Java 8 Update {u} (64-bit)", "Oracle Corporation"),
           ("OpenSSL {v} Light (64-bit)", "OpenSSL Win64 Installer Team"),
           ("Microsoft Visual C++ 20{y} Redistributable (x64)", "Microsoft Corporation"),
           ("Notepad++ (64-bit x64)", "Notepad++ Team"), ("Adobe Acrobat Reader", "Adobe"),
           ("VLC media player", "VideoLAN"), ("PuTTY release {v}", "Simon Tatham"),
           ("Logiciel de Télétransmission Santé", "Éditeur Médical"), ("KeePass Password Safe",
                                                                         "Dominik Reichl")]
COMMENTS = ["shared library", "runtime files", "command-line tools", "development files",
            "documentation", "Python bindings", "GTK+ graphical interface for the revision control system",
            "cryptographic library and utilities", "transitional package"]
WORDS = ["ssl", "xml", "gtk", "qt", "crypt", "z", "png", "jpeg", "curl", "ssh", "python3", "perl",
         "ruby", "php", "jdk", "glib", "dbus", "systemd", "krb5", "ldap", "sasl", "nss", "sqlite",
         "pq", "mysql", "icu", "boost", "tiff", "webp", "xslt", "yaml", "json", "uuid", "udev"]


def _version(rng: random.Random, style: int) -> str:
    a, b, c = rng.randint(0, 30), rng.randint(0, 20), rng.randint(0, 40)
    if style == 0:
        return f"{a}.{b}.{c}"
    if style == 1:
        return f"{rng.randint(1, 3)}.{b}.{c}{rng.choice('abcdefghijklmnopqrstuvw')}"
    if style == 2:
        return f"{rng.randint(19, 25)}.{rng.randint(1, 12):02d}.00.0"
    if style == 3:
        return f"{rng.randint(0, 2)}:{a}.{b}-{c}+deb12u{rng.randint(1, 5)}"
    return f"{a}.{b}.{c}-{rng.randint(1, 30)}.fc{rng.randint(30, 40)}"


def pool(size: int, rng: random.Random) -> list[dict]:
    """``size`` distinct programs (name, version, publisher): each Windows program in a few
    versions (a machine has one or two of them), Windows updates, Debian and RPM packages."""
    out, seen = [], set()

    def add(name: str, version: str, publisher: str) -> None:
        if (name, version) in seen:
            return
        seen.add((name, version))
        item = {"name": name, "version": version, "publisher": publisher,
                "install_date": f"202{rng.randint(0, 6)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "arch": "x86_64", "system_category": "Unspecified"}
        # the other fields a real agent writes (tests/data/inventories: glpi-json-computer_1.json
        # for packages, fusioninventory-2.xml for Windows programs): part of reading a file
        if publisher in ("Debian", "Fedora Project"):
            item.update({"from": "deb" if publisher == "Debian" else "rpm",
                         "filesize": rng.randint(10_000, 90_000_000),
                         "comments": f"{name.split('-')[0]} {rng.choice(COMMENTS)}"})
        else:
            guid = str(uuid.UUID(int=rng.getrandbits(128))).upper()
            item.update({"from": "registry", "guid": "{" + guid + "}",
                         "uninstall_string": f"MsiExec.exe /X{{{guid}}}",
                         "url_info_about": "https://www.example.org/"})
        out.append(item)

    for template, publisher in WINDOWS:
        for _n in range(4):
            version = _version(rng, 1 if "OpenSSL" in template else rng.choice((0, 2)))
            add(template.format(v=version, u=rng.randint(100, 450), y=rng.choice((15, 17, 19, 22))),
                version, publisher)
    while len(out) < size:
        if rng.random() < 0.25:
            add(f"Mise à jour KB{rng.randint(2000000, 5999999)}", "", "Microsoft")
            continue
        word = rng.choice(WORDS)
        name = f"lib{word}{rng.randint(0, 9999)}" if rng.random() < 0.7 else f"{word}-{rng.randint(0, 9999)}"
        add(name, _version(rng, rng.choice((1, 3, 4))), rng.choice(("Debian", "Fedora Project")))
    return out


def generate(folder: Path, machines: int, programs: int, seed: int = 7) -> tuple[list[Path], list[dict]]:
    rng = random.Random(seed)
    common = pool(int(programs * 1.6), rng)
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    template["content"].pop("virtualmachines", None)
    paths = []
    for number in range(machines):
        doc = json.loads(json.dumps(template))
        content = doc["content"]
        tag = f"{number:04d}"
        content["hardware"]["name"] = f"SRV-{tag}"
        content["hardware"]["uuid"] = str(uuid.UUID(int=number + 1))
        content.setdefault("bios", {})["ssn"] = f"SN{tag}"
        content["softwares"] = rng.sample(common, programs)
        path = folder / f"inv-{tag}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(path)
    return paths, common


def _import(db, paths: list[Path], keep_software: bool, per_file: bool = False) -> float:
    """One import of all the files, as the import dialog and ``si-local import inventory``
    make it (one plan, one transaction); ``per_file``: one import per file."""
    from si_local.core.interop.inventory import apply_plan, plan_inventories

    start = time.perf_counter()
    for batch in ([[p] for p in paths] if per_file else [paths]):
        apply_plan(db, plan_inventories(db, batch, keep_software=keep_software), snapshot=False)
    return time.perf_counter() - start


def _changed(paths: list[Path], extra: list[dict]) -> None:
    for number, path in enumerate(paths):
        doc = json.loads(path.read_text(encoding="utf-8"))
        items = doc["content"]["softwares"][3:]  # 3 removed
        items += extra[(number * 12) % (len(extra) - 12):][:12]  # 12 added
        doc["content"]["softwares"] = items
        path.write_text(json.dumps(doc), encoding="utf-8")


def main() -> int:
    machines = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    programs = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    folder = Path(tempfile.mkdtemp(prefix="si-local-software-"))
    os.environ.setdefault("SI_LOCAL_DATA_DIR", str(folder / "data"))
    from si_local.core import software_search
    from si_local.core.db import open_database

    paths, _common = generate(folder, machines, programs)
    size = sum(p.stat().st_size for p in paths)
    print(f"{machines} inventories of {programs} programs generated ({size / 1e6:.0f} MB) in {folder}")
    ratios = {}
    for per_file, label in ((False, "one import of all the files"), (True, "one import per file")):
        base = open_database(folder / f"without-{per_file}.sqlite")
        without = _import(base, paths, keep_software=False, per_file=per_file)
        base.close()
        db = open_database(folder / f"with-{per_file}.sqlite")
        with_programs = _import(db, paths, keep_software=True, per_file=per_file)
        rows = db.execute("SELECT coalesce(sum(programs), 0) FROM software_list").fetchone()[0]
        ratios[per_file] = with_programs / without
        print(f"(a) {label}: without programs (today's import) {without:.1f} s, with "
              f"{with_programs:.1f} s: {ratios[per_file]:.1f}× (budget {BUDGET_RATIO:.0f}×); "
              f"{rows:,} installed programs")
        if per_file:
            break
        db.close()
    ratio = ratios[False]
    extra = pool(400, random.Random(99))
    _changed(paths, extra)
    audit_before = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    again = _import(db, paths, keep_software=True)
    entries = db.execute("SELECT count(*) FROM audit").fetchone()[0] - audit_before
    print(f"(b) re-import, 12 added and 3 removed per machine: {again:.1f} s, {entries:,} audit entries")
    print(f"    peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    worst = 0.0
    for query in QUERIES:
        times = []
        for _round in range(5):
            start = time.perf_counter()
            hits = software_search.search(db, query)
            times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        worst = max(worst, median)
        machines_found = len(software_search.machines_of(hits))
        print(f"(c) search « {query} »: {median:.0f} ms (median of 5), {len(hits):,} programs on "
              f"{machines_found:,} machines")
    ok = ratio <= BUDGET_RATIO and worst < SEARCH_BUDGET_MS
    print("OK" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
