"""Import 1,000 agent inventories, then import them again.

    .venv/bin/python benchmarks/import_1000.py [COUNT]

The inventories are generated from the examples in tests/data/inventories (GLPI agent JSON and
FusionInventory XML; a laptop is a workstation and the VMs it lists are skipped) and from
tests/data/interop/host.json (a server and its VMs), with varied names, UUIDs and serial numbers,
in a temporary folder. Target:
under 30 s for the first import on this machine's 2 cores; the second import must update or leave
unchanged every record and create none.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
EXAMPLES = ROOT / "tests" / "data" / "inventories"
LOCAL = ROOT / "tests" / "data" / "interop"


def _templates() -> list[tuple[str, str]]:
    names = ["glpi-json-computer_1.json", "fusioninventory-1.xml", "fusioninventory-2.xml"]
    found = [(n, (EXAMPLES / n).read_text(encoding="utf-8")) for n in names]
    found.append(("host.json", (LOCAL / "host.json").read_text(encoding="utf-8")))
    return found


def generate(folder: Path, count: int) -> list[Path]:
    templates = _templates()
    paths = []
    for number in range(count):
        name, text = templates[number % len(templates)]
        tag = f"{number:04d}"
        if name.endswith(".json"):
            doc = json.loads(text)
            content = doc["content"]
            content["hardware"]["name"] = f"SRV-{tag}"
            content["hardware"]["uuid"] = str(uuid.UUID(int=number + 1))
            content.setdefault("bios", {})["ssn"] = f"SN{tag}"
            for index, vm in enumerate(content.get("virtualmachines", [])):
                vm["name"] = f"VM-{tag}-{index}"
                vm["uuid"] = str(uuid.UUID(int=(number + 1) * 1000 + index))
            out = json.dumps(doc)
        else:
            out = re.sub(r"<NAME>LF014</NAME>|<NAME>pc-arg-23</NAME>", f"<NAME>SRV-{tag}</NAME>", text)
            out = re.sub(r"<UUID>[0-9A-Fa-f-]{36}</UUID>(?=\s*<VMSYSTEM>)",
                         f"<UUID>{uuid.UUID(int=number + 1)}</UUID>", out)
            out = re.sub(r"<SSN>[^<]*</SSN>", f"<SSN>SN{tag}</SSN>", out)
            for index, vm_name in enumerate(("centos7.0", "fedora23", "win8.1")):
                out = out.replace(f"<NAME>{vm_name}</NAME>", f"<NAME>VM-{tag}-{index}</NAME>")
            for old in set(re.findall(r"<UUID>([0-9a-f-]{36})</UUID>(?=\s*<VCPU>)", out)):
                out = out.replace(old, str(uuid.uuid5(uuid.NAMESPACE_OID, tag + old)))
        path = folder / f"inv-{tag}{Path(name).suffix}"
        path.write_text(out, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    folder = Path(tempfile.mkdtemp(prefix="si-local-bench-"))
    os.environ.setdefault("SI_LOCAL_DATA_DIR", str(folder / "data"))
    from si_local.core.db import open_database
    from si_local.core.interop.inventory import apply_plan, plan_inventories

    paths = generate(folder, count)
    size = sum(p.stat().st_size for p in paths)
    print(f"{count} inventories generated ({size / 1e6:.1f} MB) in {folder}")
    db = open_database(folder / "bench.sqlite")
    for round_name in ("first import", "re-import"):
        start = time.perf_counter()
        plan = plan_inventories(db, paths)
        planned = time.perf_counter()
        apply_plan(db, plan)
        done = time.perf_counter()
        print(f"{round_name}: {plan.summary()} — read and planned in {planned - start:.1f} s, "
              f"written in {done - planned:.1f} s, total {done - start:.1f} s")
    servers = db.execute("SELECT count(*) FROM server").fetchone()[0]
    workstations = db.execute("SELECT count(*) FROM equipment").fetchone()[0]  # the laptops
    vms = db.execute("SELECT count(*) FROM vm").fetchone()[0]
    duplicates = db.execute("SELECT count(*) FROM (SELECT uuid FROM server WHERE uuid IS NOT NULL "
                            "GROUP BY uuid HAVING count(*) > 1)").fetchone()[0]
    print(f"database: {servers} servers, {workstations} workstations, {vms} VMs, "
          f"{duplicates} duplicated server UUIDs")
    ok = (plan.count("create") == 0 and plan.count("update") == 0 and duplicates == 0
          and servers + workstations == count)
    print("OK" if ok else "PROBLEM: the re-import created or changed records")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
