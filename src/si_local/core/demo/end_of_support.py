"""The demo's end-of-support cases: the laboratory link runs a system long out of support
(Windows Server 2012 R2: support ended on 10/10/2023, its paid extended updates on 13/10/2026)
behind an isolated network, its compensating measure; the administrative management server runs a system whose end
comes within 180 days of ``today``, chosen from the table so that this holds whatever the day
the demo is built (none chosen if no candidate fits)."""

from __future__ import annotations

import datetime as dt

from .. import end_of_support as eos

OUT_OF_SUPPORT = ("VM-LAB01", "Windows Server 2012 R2 Standard")
ISOLATED = ("VLAN dédié à la liaison laboratoire, sans accès Internet\u00a0; "
            "seul le flux HPRIM vers le dossier patient est ouvert")
# Systems the administrative server may run, their ends of support spread over the years
APPROACHING = ("VM-GAP01", (
    "Windows Server 2016 Standard", "Ubuntu 22.04.5 LTS", "Windows Server 2019 Standard",
    "Debian GNU/Linux 12 (bookworm)", "Red Hat Enterprise Linux 8.10 (Ootpa)",
    "Ubuntu 24.04.1 LTS", "Debian GNU/Linux 13 (trixie)", "Windows Server 2022 Standard",
    "Windows Server 2025 Standard",
))


def _approaching(today: dt.date) -> str | None:
    table = eos.program_table()
    for text in APPROACHING[1]:
        cycle = eos.match(text, table)
        if cycle and cycle.end and 30 <= (cycle.end - today).days <= eos.NOTICE_DAYS - 10:
            return text
    return None


def populate(db, today: dt.date) -> None:
    with db.atomic():
        name, system = OUT_OF_SUPPORT
        (vm_id,) = db.execute("SELECT id FROM vm WHERE name = ?", [name]).fetchone()
        db.execute("UPDATE vm SET os = ? WHERE id = ?", [system, vm_id])
        eos.save_measure(db, "vms", vm_id, "isolated", note=ISOLATED)
        system = _approaching(today)
        if system:
            db.execute("UPDATE vm SET os = ? WHERE name = ?", [system, APPROACHING[0]])
