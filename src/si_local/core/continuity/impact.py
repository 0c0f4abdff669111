"""Impact analysis (what stops when a server, VM, application, site or piece of equipment
fails, which mirror takes over) and the restart order of the VMs.

Restart order (see :func:`restart_order`, documented in docs/continuity.md):
1. directory / authentication / DNS machines (nothing else works without them);
2. the backup server (needed to restore the others);
3. the other VMs, most critical first: a VM's criticality is the highest of its own and of the
   applications it hosts (vital > high > medium > low); database servers before the others at
   equal criticality; then by name.
An application is available once all its VMs are running: applications are listed in the order
their last VM restarts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..collation import collation_key
from ..errors import UserError
from ..i18n import N_, _, format_number, ngettext
from .common import CRITICALITY_RANK


# --- impact analysis ---------------------------------------------------------------------------

IMPACT_KINDS = ("server", "vm", "application", "site", "equipment")
IMPACT_KIND_LABELS = {"server": N_("server"), "vm": N_("virtual machine"),
                      "application": N_("application"), "site": N_("site"),
                      "equipment": N_("piece of equipment")}
NETWORK_POWER = ("ups", "switch", "firewall", "router")
DIRECTORY_WORDS = ("active directory", "annuaire", "authentification", "authentication", "dns",
                   "ldap", "domain controller", "contrôleur de domaine")
BACKUP_WORDS = ("sauvegarde", "backup", "veeam")
DATABASE_WORDS = ("base de données", " base", "database", "sql", "oracle", "postgres")


@dataclass
class RestartItem:
    vm_id: int
    name: str
    role: str
    criticality: str
    tier: int
    reason: str
    applications: list[str] = field(default_factory=list)


@dataclass
class Impact:
    kind: str
    target_id: int
    target_name: str
    servers: list[dict] = field(default_factory=list)
    vms: list[dict] = field(default_factory=list)
    applications: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)
    backups: list[dict] = field(default_factory=list)
    mirrors: list[dict] = field(default_factory=list)  # {source, target, method, interval_minutes, vm_names}
    unprotected_vms: list[str] = field(default_factory=list)
    restart: list[RestartItem] = field(default_factory=list)
    application_order: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def mirror_takes_over(self) -> bool:
        return bool(self.mirrors) and not self.unprotected_vms


def find_target(db, name_or_id: str | int, kind: str | None = None) -> tuple[str, int, str]:
    """Find a server, VM, application, site or piece of equipment by id or name."""
    kinds = [kind] if kind else list(IMPACT_KINDS)
    for k in kinds:
        if k not in IMPACT_KINDS:
            raise UserError(_("Unknown kind \"{kind}\"; expected one of: {kinds}.")
                            .format(kind=k, kinds=", ".join(IMPACT_KINDS)))
    text = str(name_or_id).strip()
    if kind and text.isdigit():
        row = db.execute(f"SELECT id, name FROM {kind} WHERE id = ?", [int(text)]).fetchone()
        if row:
            return kind, row[0], row[1]
    for k in kinds:
        row = db.execute(f"SELECT id, name FROM {k} WHERE name = ? COLLATE NOCASE", [text]).fetchone()
        if row:
            return k, row[0], row[1]
    matches = []
    for k in kinds:
        for row in db.execute(f"SELECT id, name FROM {k} WHERE name LIKE ? ORDER BY name COLLATE FRENCH",
                              [f"%{text}%"]).fetchall():
            matches.append((k, row[0], row[1]))
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UserError(_("\"{name}\" matches several items: {names}. Give the exact name.")
                        .format(name=text, names=", ".join(m[2] for m in matches[:8])))
    raise UserError(_("\"{name}\": no server, VM, application, site or equipment of this name.")
                    .format(name=text))


def _has(text: str, words) -> bool:
    low = f" {text.lower()} "
    return any(w in low for w in words)


def restart_order(db, vm_ids: list[int] | None = None) -> list[RestartItem]:
    """The VMs in the order to restart them (rule in the module docstring)."""
    apps_by_vm: dict[int, list[tuple[str, str]]] = {}
    for r in db.query("SELECT av.vm_id, a.name, a.criticality FROM application_vm av "
                      "JOIN application a ON a.id = av.application_id ORDER BY a.name COLLATE FRENCH"):
        apps_by_vm.setdefault(r["vm_id"], []).append((r["name"], r["criticality"]))
    rows = list(db.query("SELECT id, name, role, criticality FROM vm ORDER BY name COLLATE FRENCH"))
    if vm_ids is not None:
        wanted = set(vm_ids)
        rows = [r for r in rows if r["id"] in wanted]
    items = []
    for r in rows:
        text = f"{r['name']} {r['role'] or ''}"
        apps = apps_by_vm.get(r["id"], [])
        crit = min([r["criticality"]] + [c for _n, c in apps], key=lambda c: CRITICALITY_RANK.get(c, 9))
        name_up = r["name"].upper()
        if _has(text, DIRECTORY_WORDS) or "-AD" in name_up or name_up.startswith("AD") or "-DC" in name_up:
            tier, reason = 0, _("directory and authentication: needed by everything else")
        elif _has(text, BACKUP_WORDS) or "-SAV" in name_up or "-BKP" in name_up:
            tier, reason = 1, _("backup server: needed to restore the others")
        else:
            tier = 2 + CRITICALITY_RANK.get(crit, 3) * 2 + (0 if _has(text, DATABASE_WORDS) else 1)
            reason = _("criticality: {level}").format(level=_criticality_label(crit))
        items.append(RestartItem(r["id"], r["name"], r["role"] or "", crit, tier, reason,
                                 [n for n, _c in apps]))
    items.sort(key=lambda i: (i.tier, collation_key(i.name)))
    return items


def _criticality_label(key: str) -> str:
    labels = {"vital": N_("vital"), "high": N_("high"), "medium": N_("medium"), "low": N_("low")}
    return _(labels.get(key, key))


def _marks(ids) -> str:
    return ",".join("?" * len(ids))


def _equipment_failure(db, result: Impact) -> set[int]:
    """The servers a failed piece of equipment stops (a network or power one stops those of its
    site and room; a NAS stops none but loses the backups stored on it)."""
    eq = next(db.query("SELECT * FROM equipment WHERE id = ?", [result.target_id]))
    if eq["kind"] in NETWORK_POWER and eq["site_id"]:
        sql = "SELECT id FROM server WHERE site_id = ?"
        args: list = [eq["site_id"]]
        if eq["room"]:
            sql += " AND (room IS NULL OR room = ?)"
            args.append(eq["room"])
        result.notes.append(_("The failure of this equipment (UPS, switch, firewall or router) is "
                              "taken to stop the servers of its site and room."))
        return {r[0] for r in db.execute(sql, args)}
    if eq["kind"] == "nas":
        words = [eq["name"].lower()] + ([eq["maker"].lower()] if eq["maker"] else [])
        for b in db.query("SELECT id, name, medium, notes FROM backup ORDER BY name COLLATE FRENCH"):
            text = " ".join(str(b[k] or "") for k in ("name", "medium", "notes")).lower()
            if any(w in text for w in words):
                result.backups.append(b)
        result.notes.append(_("No service stops, but the backups stored on it are lost until it is repaired."))
    else:
        result.notes.append(_("No server depends on this equipment in the registry."))
    return set()


def _failed(db, result: Impact) -> tuple[set[int], set[int], set[int]]:
    """The servers, VMs and applications the failure itself stops (before it spreads)."""
    kind, target_id = result.kind, result.target_id
    if kind == "server":
        return {target_id}, set(), set()
    if kind == "vm":
        return set(), {target_id}, set()
    if kind == "application":
        return set(), set(), {target_id}
    if kind == "site":
        result.notes.append(_("Everything on the site stops: servers, equipment and the people's workstations."))
        return {r[0] for r in db.execute("SELECT id FROM server WHERE site_id = ?", [target_id])}, set(), set()
    return _equipment_failure(db, result), set(), set()


def _spread(db, result: Impact, down_servers: set[int], down_vms: set[int], down_apps: set[int]) -> None:
    """Servers stop their VMs, VMs their applications, applications their critical activities."""
    if down_servers:
        result.servers = list(db.query(
            f"SELECT id, name FROM server WHERE id IN ({_marks(down_servers)}) ORDER BY name COLLATE FRENCH",
            list(down_servers)))
        down_vms |= {r[0] for r in db.execute(
            f"SELECT id FROM vm WHERE server_id IN ({_marks(down_servers)})", list(down_servers))}
    if down_vms:
        result.vms = list(db.query(
            f"SELECT vm.id, vm.name, vm.role, vm.criticality, vm.server_id FROM vm "
            f"WHERE vm.id IN ({_marks(down_vms)}) ORDER BY vm.name COLLATE FRENCH", list(down_vms)))
        down_apps |= {r[0] for r in db.execute(
            f"SELECT DISTINCT application_id FROM application_vm WHERE vm_id IN "
            f"({_marks(down_vms)})", list(down_vms))}
    if down_apps:
        result.applications = list(db.query(
            f"SELECT id, name, criticality, dmia_hours, pdma_hours FROM application WHERE id IN "
            f"({_marks(down_apps)}) ORDER BY name COLLATE FRENCH", list(down_apps)))
        result.activities = list(db.query(
            f"SELECT DISTINCT ac.id, ac.name, ac.kind, ac.dmia_hours, ac.pdma_hours "
            f"FROM continuity_activity ac JOIN continuity_activity_application l ON l.activity_id = ac.id "
            f"WHERE l.application_id IN ({_marks(down_apps)}) ORDER BY ac.name COLLATE FRENCH",
            list(down_apps)))


def _replicates(rep: dict, vm: dict) -> bool:
    return bool((rep["source_server_id"] and rep["source_server_id"] == vm["server_id"])
                or (rep["source_vm_id"] and rep["source_vm_id"] == vm["id"]))


def _mirrors(db, result: Impact, down_servers: set[int]) -> None:
    """The replications of a stopped server (or of a stopped VM) onto a server still running,
    and the stopped VMs no mirror covers."""
    site_down = {r[0] for r in db.execute("SELECT id FROM server WHERE site_id = ?", [result.target_id])} \
        if result.kind == "site" else set()
    covered: dict[int, list[str]] = {}
    mirrors: dict[int, dict] = {}
    for rep in db.query(
        "SELECT r.*, t.name AS target_name, s.name AS source_server, v.name AS source_vm "
        "FROM replication r JOIN server t ON t.id = r.target_server_id "
        "LEFT JOIN server s ON s.id = r.source_server_id LEFT JOIN vm v ON v.id = r.source_vm_id"
    ):
        if rep["target_server_id"] in down_servers or rep["target_server_id"] in site_down:
            continue
        for v in (v for v in result.vms if _replicates(rep, v)):
            covered.setdefault(v["id"], []).append(rep["target_name"])
            m = mirrors.setdefault(rep["id"], {
                "source": rep["source_server"] or rep["source_vm"], "target": rep["target_name"],
                "method": rep["method"], "interval_minutes": rep["interval_minutes"],
                "vm_names": []})
            m["vm_names"].append(v["name"])
    result.mirrors = list(mirrors.values())
    result.unprotected_vms = [v["name"] for v in result.vms if v["id"] not in covered]


def _lost_mirrors(db, result: Impact, down_servers: set[int]) -> None:
    """A failed server that is the mirror of a server still running: that one loses its protection."""
    for rep in db.query(
        "SELECT DISTINCT t.name AS target, coalesce(s.name, v.name) AS source "
        "FROM replication r JOIN server t ON t.id = r.target_server_id "
        "LEFT JOIN server s ON s.id = r.source_server_id LEFT JOIN vm v ON v.id = r.source_vm_id "
        f"WHERE r.target_server_id IN ({_marks(down_servers)}) "
        f"AND coalesce(r.source_server_id, v.server_id, -1) NOT IN ({_marks(down_servers)}) "
        "ORDER BY t.name COLLATE FRENCH, source", list(down_servers) * 2
    ):
        result.notes.append(_("{target} is the mirror of {source}: until it is repaired, {source} "
                              "has no mirror and its loss would need a restore from backups.")
                            .format(target=rep["target"], source=rep["source"]))


def _application_order(db, result: Impact) -> list[str]:
    """The stopped applications in the order they come back: when their last VM restarts."""
    last_rank: dict[str, int] = {}
    rank = {item.vm_id: i for i, item in enumerate(restart_order(db))}
    for a in db.query("SELECT a.name, av.vm_id FROM application_vm av "
                      "JOIN application a ON a.id = av.application_id"):
        last_rank[a["name"]] = max(last_rank.get(a["name"], -1), rank.get(a["vm_id"], -1))
    names = {a["name"] for a in result.applications}
    return sorted(names, key=lambda n: (last_rank.get(n, 99999), n))


def impact(db, kind: str | None, id_or_name: str | int) -> Impact:
    """What stops when a server, VM, application, site or piece of equipment fails."""
    kind, target_id, target_name = find_target(db, id_or_name, kind)
    result = Impact(kind, target_id, target_name)
    down_servers, down_vms, down_apps = _failed(db, result)
    _spread(db, result, down_servers, down_vms, down_apps)
    if result.vms:
        _mirrors(db, result, down_servers)
    if down_servers:
        _lost_mirrors(db, result, down_servers)
    result.restart = restart_order(db, [v["id"] for v in result.vms]) if result.vms else []
    if result.restart:
        result.application_order = _application_order(db, result)
    return result


def impact_lines(result: Impact) -> list[str]:
    """The impact as lines of text (command line and plain-text views)."""
    lines = [_("Impact of the loss of {name} ({kind})").format(
        kind=_(IMPACT_KIND_LABELS[result.kind]), name=result.target_name)]
    lines += ["  " + n for n in result.notes]
    if result.servers:
        lines.append(_("Servers stopped ({count}): {names}").format(
            count=len(result.servers), names=", ".join(s["name"] for s in result.servers)))
    lines.append(_("VMs stopped ({count}):").format(count=len(result.vms)))
    lines += [f"  - {v['name']} ({v['role'] or '—'})" for v in result.vms] or ["  " + _("none")]
    lines.append(_("Applications stopped ({count}):").format(count=len(result.applications)))
    lines += [f"  - {a['name']}" for a in result.applications] or ["  " + _("none")]
    lines.append(_("Critical activities affected ({count}):").format(count=len(result.activities)))
    lines += [f"  - {a['name']}" for a in result.activities] or ["  " + _("none")]
    if result.backups:
        lines.append(_("Backups affected: {names}").format(names=", ".join(b["name"] for b in result.backups)))
    if result.vms:
        if result.mirrors:
            for m in result.mirrors:
                interval = (_(" (every {minutes} min)").format(minutes=format_number(m["interval_minutes"]))
                            if m["interval_minutes"] else "")
                lines.append(ngettext("The mirror {target} takes over {count} VM replicated from {source}{interval}.",
                                      "The mirror {target} takes over {count} VMs replicated from "
                                      "{source}{interval}.", len(m["vm_names"]))
                             .format(target=m["target"], count=len(m["vm_names"]), source=m["source"],
                                     interval=interval))
        if result.unprotected_vms:
            lines.append(_("No mirror for: {names}. They must be restored from backups.")
                         .format(names=", ".join(result.unprotected_vms)))
        lines.append(_("Restart order:"))
        for i, item in enumerate(result.restart, start=1):
            lines.append(f"  {i}. {item.name} — {item.reason}")
        if result.application_order:
            lines.append(_("Applications available, in order: {names}")
                         .format(names=", ".join(result.application_order)))
    return lines
