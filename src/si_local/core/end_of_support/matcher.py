"""From the operating system a record names (as an inventory agent writes it, or as typed by
hand) to a (product, cycle) of the end-of-support table; None when the string is not recognised
or names a version the table does not hold: an unknown system is said to be unknown, never given
another one's date.

Windows client releases are told apart by their build number (« 10.0.19045 », « build 22631 »)
or their feature release (« 22H2 »), and by edition: Home and Pro (« -w »), Enterprise and
Education (« -e »), LTSC / LTSB (« -e-lts »). A Windows 10 or 11 string with neither build nor
release gets the family's newest release (« 11 (E) »): the date of an up-to-date machine.
"""

from __future__ import annotations

import re
import unicodedata

from .table import Cycle, Table

_WS = re.compile(r"\s+")


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[®™©]|\(r\)|\(tm\)", " ", text, flags=re.I)
    return _WS.sub(" ", text.replace("_", " ")).strip().lower()


def _get(table: Table, product: str, cycle: str) -> Cycle | None:
    return table.get(product, cycle)


_SERVER = re.compile(r"\bwindows (?:server )?(?:standard |datacenter |enterprise )?"
                     r"(2003|2008|2012|2016|2019|2022|2025)( r2)?\b")
_SERVER_SAC = re.compile(r"\bwindows server,? (?:version )?(1709|1803|1809|1903|1909|2004|20h2|23h2)\b")


def _windows_server(text: str, table: Table) -> Cycle | None:
    if "server" not in text and not re.search(r"\bwindows (2008|2012)( r2)?\b", text):
        return None
    sac = _SERVER_SAC.search(text)
    if sac:
        suffix = "-ac" if sac.group(1) == "23h2" else "-sac"
        return _get(table, "windows-server", sac.group(1) + suffix)
    match = _SERVER.search(text)
    if not match:
        return None
    year, r2 = match.group(1), bool(match.group(2))
    if year == "2008":
        return _get(table, "windows-server", "2008-r2-sp1" if r2 else "2008-sp2")
    if year == "2003":
        return _get(table, "windows-server", "2003-sp2")
    return _get(table, "windows-server", f"{year}-r2" if r2 else year) if (
        not r2 or year == "2012") else None


_LTSC_YEARS = {"2015": ("10", "1507"), "2016": ("10", "1607"), "2019": ("10", "1809"),
               "2021": ("10", "21h2"), "2024": ("11", "24h2")}
_RELEASE = re.compile(r"\b(1507|1511|1607|1703|1709|1803|1809|1903|1909|2004|2[0-6]h[12])\b")
_BUILD = re.compile(r"(?:\b10\.0\.|\bbuild\s*|\bversion\s*|\(|\b)(\d{5})\b")


def _edition(text: str) -> str:
    if re.search(r"\blts[bc]\b|long[- ]term", text):
        return "e-lts"
    if re.search(r"\b(enterprise|entreprise|education)\b", text):
        return "e"
    return "w"  # Home, Famille, Pro, Professionnel, or not said: the earlier end


def _windows_release(table: Table, family: str, release: str, edition: str) -> Cycle | None:
    base = f"{family}-{release}"
    if edition == "e-lts":
        return _get(table, "windows", f"{base}-e-lts")
    return _get(table, "windows", f"{base}-{edition}") or _get(table, "windows", base)


def _windows_client(text: str, table: Table) -> Cycle | None:
    match = re.search(r"\bwindows (11|10|8\.1|8|7|vista|xp)\b", text)
    if not match or "server" in text or "embedded" in text or "iot" in text:
        return None
    family = match.group(1)
    simple = {"8.1": "8.1", "8": "8", "7": "7-sp1", "vista": "6-sp2", "xp": "5-sp3"}
    if family in simple:
        return _get(table, "windows", simple[family])
    edition = _edition(text)
    rest = text[match.end():]
    if edition == "e-lts":
        year = re.search(r"\b(2015|2016|2019|2021|2024)\b", rest)
        if year and _LTSC_YEARS[year.group(1)][0] == family:
            return _windows_release(table, family, _LTSC_YEARS[year.group(1)][1], edition)
    release = _RELEASE.search(rest)
    if release:
        return _windows_release(table, family, release.group(1), edition)
    build = _BUILD.search(rest)
    if build:
        number = int(build.group(1))
        for cycle in table.of_product("windows"):
            if cycle.build == number and cycle.cycle.startswith(family + "-"):
                release = cycle.cycle.split("-")[1]
                return _windows_release(table, family, release, edition)
        return None  # a build the table does not know: not guessed
    if edition == "e-lts":
        return None
    return _get(table, "windows", f"{family}-{edition}")


def _by_codename(text: str, table: Table, product: str) -> Cycle | None:
    for cycle in table.of_product(product):
        if cycle.codename and re.search(r"\b" + re.escape(cycle.codename.split()[0].lower())
                                        + r"\b", text):
            return cycle
    return None


_DEBIAN_CODENAMES = {"trixie": "13", "bookworm": "12", "bullseye": "11", "buster": "10",
                     "stretch": "9", "jessie": "8", "wheezy": "7", "squeeze": "6"}


def _linux(text: str, table: Table) -> Cycle | None:
    if "stream" in text:
        return None  # CentOS Stream: another product, not in the table
    if re.search(r"\bdebian\b", text):
        number = re.search(r"\bdebian(?: gnu/linux)?(?: version)? (\d+)\b", text)
        if number:
            return _get(table, "debian", number.group(1))
        for name, cycle in _DEBIAN_CODENAMES.items():
            if re.search(rf"\b{name}\b", text):
                return _get(table, "debian", cycle)
        return None
    patterns = (
        ("ubuntu", r"\bubuntu(?: server)? (\d{1,2}\.\d{2})\b", "{0}"),
        ("rhel", r"\b(?:red hat enterprise linux|rhel)(?: server| workstation)?(?: release)? ?(\d+)\b",
         "{0}"),
        ("centos", r"\bcentos(?: linux)?(?: release)? ?(\d+)\b", "{0}"),
        ("rocky-linux", r"\brocky(?: linux)?(?: release)? (\d+)\b", "{0}"),
        ("almalinux", r"\balma ?linux(?: os)?(?: release)? (\d+)\b", "{0}"),
        ("fedora", r"\bfedora(?: linux)?(?: release)? (\d+)\b", "{0}"),
    )
    for product, pattern, form in patterns:
        match = re.search(pattern, text)
        if match:
            return _get(table, product, form.format(*match.groups()))
    if re.search(r"\bubuntu\b", text):
        return _by_codename(text, table, "ubuntu")
    return None


def _apple_vmware_proxmox(text: str, table: Table) -> Cycle | None:
    mac = re.search(r"\b(?:mac ?os(?: x)?|os x)\s*(\d{2})(?:\.(\d+))?", text)
    if mac:
        major, minor = mac.group(1), mac.group(2)
        return _get(table, "macos", f"10.{minor}" if major == "10" and minor else major) \
            if major != "10" or minor else None
    if re.search(r"\bmac ?os\b", text):
        return _by_codename(text, table, "macos")
    esxi = re.search(r"\besxi? (\d+)\.(\d+)", text)
    if esxi:
        return _get(table, "vmware-esxi", f"{esxi.group(1)}.{esxi.group(2)}")
    pve = re.search(r"\b(?:proxmox(?: ve| virtual environment)?|pve-manager/?)\s*(\d+)(?:\.\d+)*\b",
                    text)
    if pve:
        return _get(table, "proxmox-ve", pve.group(1))
    return None


def _sql_server(text: str, table: Table) -> Cycle | None:
    match = re.search(r"\bsql server (2005|2008|2012|2014|2016|2017|2019|2022|2025)( r2)?"
                      r"(?:.*?\bsp ?(\d))?", text)
    if not match:
        return None
    year, r2, sp = match.group(1), bool(match.group(2)), match.group(3)
    head = f"{year} R2" if r2 else year
    found = [c for c in table.of_product("mssqlserver")
             if c.label.split(" '")[0].split(" SP")[0] == head and "Azure" not in c.label
             and (sp is None or c.label.endswith(f"SP{sp}"))]
    return max(found, key=lambda c: (c.end is None, c.end)) if found else None


def match(text: str | None, table: Table) -> Cycle | None:
    """The (product, cycle) a system's name stands for, or None."""
    if not text or not text.strip():
        return None
    normal = _normal(text)
    if "sql server" in normal:
        return _sql_server(normal, table)
    for finder in (_windows_server, _windows_client, _linux, _apple_vmware_proxmox):
        found = finder(normal, table)
        if found is not None:
            return found
    return None
