"""The demo facility's installed programs: a few realistic ones on its VMs, as an agent inventory
would list them (some of them old enough for « am I affected? » to find: OpenSSL 1.1.1w, 7-Zip
23.01, Java 8)."""

from __future__ import annotations

import datetime as dt

from ..software import Program, write_programs

WINDOWS = [
    ("7-Zip 23.01 (x64)", "23.01", "Igor Pavlov"),
    ("Mozilla Firefox (x64 fr)", "115.12.0", "Mozilla"),
    ("Microsoft Edge", "131.0.2903.70", "Microsoft Corporation"),
    ("Notepad++ (64-bit x64)", "8.6.9", "Notepad++ Team"),
    ("GLPI Agent 1.11", "1.11", "Teclib'"),
]
PROGRAMS = {
    "VM-AD01": WINDOWS[:1] + WINDOWS[2:],
    "VM-DPI01": [*WINDOWS, ("Java 8 Update 401 (64-bit)", "8.0.4010.10", "Oracle Corporation"),
                 ("OpenSSL 1.1.1w (64-bit)", "1.1.1w", "OpenSSL Win64 Installer Team")],
    "VM-GAP01": [*WINDOWS, ("Java 8 Update 401 (64-bit)", "8.0.4010.10", "Oracle Corporation")],
    "VM-FIC01": [("7-Zip 24.08 (x64)", "24.08.00.0", "Igor Pavlov"), WINDOWS[2], WINDOWS[4]],
    "VM-RDS01": [*WINDOWS, ("Adobe Acrobat Reader (64-bit)", "24.004.20220", "Adobe")],
    "VM-LAB01": [("openssl", "3.0.15-1~deb12u1", "Debian"), ("libssl3", "3.0.15-1~deb12u1", "Debian"),
                 ("openjdk-17-jre-headless", "17.0.13+11-2~deb12u1", "Debian"),
                 ("glpi-agent", "1:1.11-1", "Debian")],
}


def populate(db, today: dt.date) -> None:
    installed = (today - dt.timedelta(days=120)).isoformat()
    with db.atomic():
        for name, programs in PROGRAMS.items():
            row = db.execute("SELECT id FROM vm WHERE name = ?", [name]).fetchone()
            if row is None:
                continue
            write_programs(db, "vm", int(row[0]), [Program(n, v, p, installed)
                                                   for n, v, p in programs])
