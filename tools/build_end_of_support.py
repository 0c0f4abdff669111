"""Build ``resources/end_of_support/table.json`` from a local copy of the endoflife.date data.

The data: the product pages of https://github.com/endoflife-date/endoflife.date (MIT licence),
``products/<product>.md``, whose front matter lists the releases (``releaseCycle``, ``eol``,
``eoes`` / ``extendedSupport``, ``latest`` ...). Take a copy of the repository (or of its
``products`` folder) and run::

    python tools/build_end_of_support.py --source PATH/TO/endoflife.date/products --date 2026-08-22

``--date`` is the day of the data (the commit's date); it is written in the table and shown to
people ("dates as of ..."): a table carried in a core-model pack or loaded by hand wins when its
date is newer. Only the standard library is used: the front matter is read by a small reader of
the one shape these pages use (a ``releases:`` list of ``key: value`` items).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "end_of_support" / "table.json"
FORMAT = 1

# product key in the table -> (endoflife.date page, label, the field holding the end of the
# support that comes free with the product, the field of the paid extended support)
PRODUCTS = {
    "windows": ("windows", "Windows", "eol", "eoes"),
    "windows-server": ("windows-server", "Windows Server", "eol", "eoes"),
    "debian": ("debian", "Debian", "eoes", None),  # Debian LTS is free: it is the end
    "ubuntu": ("ubuntu", "Ubuntu", "eol", "eoes"),  # ESM needs Ubuntu Pro
    "rhel": ("rhel", "Red Hat Enterprise Linux", "eol", "eoes"),
    "centos": ("centos", "CentOS", "eol", None),
    "rocky-linux": ("rocky-linux", "Rocky Linux", "eol", None),
    "almalinux": ("almalinux", "AlmaLinux", "eol", None),
    "fedora": ("fedora", "Fedora", "eol", None),
    "macos": ("macos", "macOS", "eol", None),
    "vmware-esxi": ("vmware-esxi", "VMware ESXi", "eol", None),
    "proxmox-ve": ("proxmox-ve", "Proxmox VE", "eol", None),
    "mssqlserver": ("mssqlserver", "SQL Server", "eol", "eoes"),
}
# Windows client: Home/Pro feature releases end with "-w", Enterprise/Education ones with "-e",
# long-term ones with "-lts". A string that names no build gets the family's newest release
# ("11 (E)": the end of support of an up-to-date Windows 11 Enterprise).
WINDOWS_FAMILIES = ("10", "11")


def _value(text: str):
    text = text.split(" #", 1)[0].strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    return text


def read_releases(path: Path) -> list[dict]:
    """The ``releases:`` list of a product page's front matter."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != "---":
        raise ValueError(f"{path}: no front matter")
    releases: list[dict] = []
    inside = False
    for line in lines[1:]:
        if line.strip() == "---":
            break
        if not inside:
            inside = line.rstrip() == "releases:"
            continue
        if line and not line[0].isspace():
            break  # the next top-level key
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("- "):
            releases.append({})
            stripped = stripped[2:]
        key, sep, rest = stripped.partition(":")
        if sep and releases and re.fullmatch(r"[A-Za-z]+", key):
            releases[-1][key] = _value(rest)
    return releases


def _date(value) -> str | None:
    """A date, or None for ``false`` / absent; ``true`` (ended, day unknown) is refused."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    return None


def _build(release: dict) -> int | None:
    match = re.fullmatch(r"10\.0\.(\d+)", str(release.get("latest") or ""))
    return int(match.group(1)) if match else None


def product_cycles(key: str, releases: list[dict]) -> list[dict]:
    _page, _label, end_field, extended_field = PRODUCTS[key]
    cycles = []
    for release in releases:
        end = _date(release.get(end_field)) or _date(release.get("eol"))
        if end is None and release.get("eol") is not False:
            continue  # ended, but the page gives no day
        # end None: still supported, no end announced yet
        extended = _date(release.get(extended_field)) if extended_field else None
        if extended is None and extended_field:
            extended = _date(release.get("extendedSupport"))
        cycle = {"cycle": str(release["releaseCycle"]),
                 "label": _label_of(release, PRODUCTS[key][1]),
                 "end": end, "extended": extended if extended and end and extended > end else None}
        if key == "windows" and _build(release):
            cycle["build"] = _build(release)
        if release.get("codename"):
            cycle["codename"] = str(release["codename"])
        cycles.append(cycle)
    if key == "windows":
        cycles += _windows_families(cycles)
    return cycles


def _label_of(release: dict, product_label: str) -> str:
    label = str(release.get("releaseLabel") or release["releaseCycle"])
    label = re.sub(r"<[^>]+>", "", label)
    label = label.replace("__CODENAME__", str(release.get("codename") or "")).replace("''", "")
    label = label.replace("__RELEASE_CYCLE__", str(release["releaseCycle"])).strip()
    for prefix in (product_label + " ", "AlmaLinux OS "):  # « Windows Server 2012 R2 » -> « 2012 R2 »
        if label.startswith(prefix):
            label = label[len(prefix):]
    return label


def _windows_families(cycles: list[dict]) -> list[dict]:
    families = []
    for family in WINDOWS_FAMILIES:
        for edition in ("w", "e"):
            # a release with no edition suffix (10 22H2) is the same for both editions
            members = [c for c in cycles if c["cycle"].startswith(family + "-")
                       and "lts" not in c["cycle"] and c["end"]
                       and (c["cycle"].endswith("-" + edition)
                            or not re.search(r"-[we]$", c["cycle"]))]
            if members:
                last = max(members, key=lambda c: c["end"])
                families.append({"cycle": f"{family}-{edition}",
                                 "label": f"{family} ({edition.upper()})",
                                 "end": last["end"], "extended": last["extended"]})
    return families


def build(source: Path, date: str) -> dict:
    products = {}
    for key, (page, label, _end, _extended) in PRODUCTS.items():
        path = source / f"{page}.md"
        products[key] = {"label": label, "cycles": product_cycles(key, read_releases(path))}
    return {
        "format": FORMAT,
        "source": {"name": "endoflife.date", "url": "https://endoflife.date",
                   "repository": "https://github.com/endoflife-date/endoflife.date",
                   "licence": "MIT", "date": date},
        "products": products,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True,
                        help="the products folder of a copy of endoflife.date")
    parser.add_argument("--date", required=True, help="the day of the data (YYYY-MM-DD)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    dt.date.fromisoformat(args.date)
    table = build(args.source, args.date)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    count = sum(len(p["cycles"]) for p in table["products"].values())
    print(f"{args.out}: {len(table['products'])} products, {count} cycles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
