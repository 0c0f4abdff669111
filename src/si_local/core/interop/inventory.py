"""Agent inventories: GLPI agent JSON and FusionInventory XML, into the registry.

Reading gives :class:`Device` records (a server, a VM or a piece of equipment, with the registry
fields the inventory knows). :func:`plan_inventories` compares them with the database and says,
per file, what would be created, updated (and which fields) or left alone, without writing;
:func:`apply_plan` then writes everything in ONE transaction, after a snapshot of the database.

Rules (each action carries the one that applied, shown by the preview):
- a computer whose ``vmsystem`` names a hypervisor (VMware, QEMU/KVM, Xen, Hyper-V, VirtualBox…)
  becomes a VM;
- a container (``vmsystem`` Docker, LXC, Podman, OpenVZ/Virtuozzo, WSL…) becomes a VM too, without
  host (its own inventory does not name one; the host's inventory, listing it, links it). Its
  processors, memory, disks, serial number and UUID are the host's: they are not written;
- a physical computer (``vmsystem`` "Physical" or empty) whose chassis type says laptop or
  desktop (``CHASSIS_TYPE`` Notebook, Laptop, Desktop, Tower, Mini PC…, or the DMI number)
  becomes equipment of type « workstation », unless a desktop-type chassis holds a server model
  or a server system (tower servers say "Tower"); any other physical computer is a server;
- the ``virtualmachines`` a computer lists become VMs hosted on it (when it is a server); such a
  listing only fills the VM's empty fields (the VM's own inventory is the better source);
- a machine already in the registry under another type (imported before these rules: a
  container or a laptop registered as a server…) is updated where it is, with a note, never
  duplicated nor moved (moving would drop its links);
- network equipment, printers and storage (NAS) inventories become equipment;
- matching on UUID, then serial number, then name (case-insensitive), in the same table; an
  updated inventory updates the same row (the audit trail records what changed);
- only the fields the inventory knows are written: what the user entered elsewhere is kept;
- an existing record is never renamed (its name is how the facility knows it; a VM's hypervisor
  name and its own host name often differ): the preview notes the inventory's name instead;
- a field value the registry's rules refuse (an odd address…) is left out, with a note.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import registry as reg
from .. import software, validation
from ..errors import ImportFileError
from ..i18n import N_, _, format_number, ngettext
from ..software_lists import Releases
from ..write_guard import change_mark, check_unchanged
from .common import file_error
from .inventory_machines import (CONTAINER_WORDS, DESKTOP_CHASSIS,  # noqa: F401
                                 DMI_CHASSIS_NAMES, JUNK_SERIALS, JUNK_UUIDS, MAX_FIGURE,
                                 PORTABLE_CHASSIS, SERVER_MODEL_WORDS, Device, _addresses, _chassis,
                                 _computer, _equipment, _equipment_kind, _gb, _int, _is_container,
                                 _is_hypervisor, _items, _machine_class, _megabytes, _obj, _os_name,
                                 _serial, _text, _uuid)
from .inventory_read import (LIST_SECTIONS, MAX_XML_DEPTH, _parse_json, _parse_xml,  # noqa: F401
                             _TooDeep, _xml_to_obj, read_document)

log = logging.getLogger(__name__)

KIND_LABELS = {"servers": N_("Server"), "vms": N_("VM"), "equipment": N_("Network device")}
WORKSTATION_LABEL = N_("Workstation")
OP_LABELS = {
    "create": N_("Created"), "update": N_("Updated"), "unchanged": N_("Unchanged"),
    "skip": N_("Skipped"),
}


@dataclass(eq=False)
class Action:
    file: str
    kind: str
    op: str  # "create", "update", "unchanged", "skip"
    name: str
    record_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # what will be written
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (old, new)
    reason: str = ""
    host_action: Action | None = None  # a VM's host when that host is created by this plan
    notes: list[str] = field(default_factory=list)
    merged_into: Action | None = None  # same machine as a record another file creates
    key: Any = None  # where the planned row lives in the index
    rule: str = ""  # which rule gave the kind (« Docker container → virtual machine »…)
    label: str = ""  # English source of the record's type, as shown (« Workstation »…)
    software: software.SoftwareChange | None = None  # what it changes in the machine's programs
    whole_list: bool = False  # a later file of a machine this import lists: its list replaces

    @property
    def writes_software(self) -> bool:
        return self.op != "skip" and (bool(self.software) or (self.whole_list
                                                               and self.software is not None))

    @property
    def kind_label(self) -> str:
        return _(self.label or KIND_LABELS[self.kind])

    def describe(self) -> str:
        """One line for people: what happens to this record and why."""
        k = reg.KINDS[self.kind]
        what = _("{kind} {name}").format(kind=self.kind_label, name=self.name or "?")
        if self.op == "update":
            fields = ", ".join(field_label(self.kind, f) for f in self.changes)
            line = _("{what}: updated ({fields})").format(what=what, fields=fields)
        elif self.op == "skip":
            line = _("{what}: skipped ({reason})").format(what=what, reason=self.reason)
        else:
            line = _("{what}: {op}").format(what=what, op=_(OP_LABELS[self.op]).lower())
        if self.rule:
            line = _("{line} [{rule}]").format(line=line, rule=self.rule)
        if self.writes_software:
            line = _("{line}; {software}").format(line=line, software=self.software.describe())
        return line


def field_label(kind: str, column: str) -> str:
    """A column's label in a kind (the UUID of equipment is stored but not in its form)."""
    if column == "uuid":
        return _("UUID")
    return _(reg.KINDS[kind].field(column).label)


def counts_text(created: int, updated: int, unchanged: int, skipped: int) -> str:
    """« 1 fiche créée, 0 fiche mise à jour, 3 fiches inchangées, 0 fiche ignorée »."""
    return ", ".join((
        ngettext("{n} record created", "{n} records created", created).format(n=format_number(created)),
        ngettext("{n} record updated", "{n} records updated", updated).format(n=format_number(updated)),
        ngettext("{n} record unchanged", "{n} records unchanged", unchanged).format(
            n=format_number(unchanged)),
        ngettext("{n} record skipped", "{n} records skipped", skipped).format(n=format_number(skipped))))


@dataclass
class FilePlan:
    path: str
    actions: list[Action] = field(default_factory=list)

    def count(self, op: str) -> int:
        return sum(1 for a in self.actions if a.op == op)


@dataclass
class Plan:
    files: list[FilePlan] = field(default_factory=list)
    mark: int | None = None  # safety.change_mark() when planned: checked again when written

    @property
    def actions(self) -> list[Action]:
        return [a for f in self.files for a in f.actions]

    def count(self, op: str) -> int:
        return sum(f.count(op) for f in self.files)

    @property
    def writes(self) -> int:
        return self.count("create") + self.count("update") + self.software_writes

    @property
    def software_writes(self) -> int:
        """Machines whose list of programs changes (a record unchanged otherwise included)."""
        return sum(1 for a in self.actions if a.writes_software and a.op not in ("create", "update"))

    def software_summary(self) -> str:
        """« 12 logiciels ajoutés, 3 retirés » over the whole import."""
        changed = [a.software for a in self.actions if a.writes_software]
        return software.changes_text(sum(len(c.added) for c in changed),
                                     sum(len(c.removed) for c in changed))

    def summary(self) -> str:
        return counts_text(self.count("create"), self.count("update"), self.count("unchanged"),
                           self.count("skip"))


# --- reading ---------------------------------------------------------------------------------


def read_inventory(path: Path | str, keep_software: bool = True,
                   cache: software.ReadCache | None = None) -> list[Device]:
    """The devices one inventory file describes (the machine first, then its VMs); the
    machine's programs unless ``keep_software`` is False (``cache``: see ReadCache)."""
    doc = read_document(path)
    try:
        itemtype = str(doc.get("itemtype") or "").lower()
        content = doc["content"]
        if itemtype in ("networkequipment", "printer") or (
                "network_device" in content and "hardware" not in content):
            devices = _equipment(doc)
        elif "hardware" in content or "bios" in content or "operatingsystem" in content:
            devices = _computer(doc)
            if keep_software:
                devices[0].software = software.programs_of(content, cache)
        else:
            raise file_error(path, _("this inventory describes no computer and no network device."))
    except ImportFileError:
        raise
    except (TypeError, ValueError, AttributeError, KeyError) as exc:  # odd shapes in a valid file
        log.warning("inventory %s: %r", path, exc)
        raise file_error(path, _("the inventory has an unexpected shape ({error}).").format(
            error=type(exc).__name__)) from None
    return devices


# --- planning --------------------------------------------------------------------------------

TABLE_OF = {"servers": "server", "vms": "vm", "equipment": "equipment"}
EXTRA_COLUMNS = {"equipment": ["uuid"]}  # stored columns the kind's form does not show


class _Index:
    """Rows of one table, found by UUID, serial or name (lower case), including planned rows."""

    def __init__(self, db, kind: str):
        self.kind = kind
        table = TABLE_OF[kind]
        self.rows: dict[Any, dict[str, Any]] = {}
        self.by: dict[str, dict[str, Any]] = {"uuid": {}, "serial": {}, "name": {}}
        for row in db.query(f"SELECT * FROM {table} ORDER BY id"):
            self.add(row["id"], dict(row))

    def add(self, key: Any, row: dict[str, Any]) -> None:
        self.rows[key] = row
        for column in ("uuid", "serial", "name"):
            value = row.get(column)
            if value:
                self.by[column].setdefault(str(value).strip().lower(), key)

    def find(self, device: Device) -> tuple[Any, str] | tuple[None, None]:
        for column, value in (("uuid", device.uuid), ("serial", device.serial), ("name", device.name)):
            if value:
                key = self.by[column].get(str(value).strip().lower())
                if key is not None:
                    return key, column
        return None, None

    def name_taken(self, name: str, by: Any) -> bool:
        key = self.by["name"].get(name.strip().lower())
        return key is not None and key != by


def _clean(kind: str, device: Device) -> tuple[dict[str, Any], list[str]]:
    """The device's values under the registry's rules; refused values are left out with a note."""
    k = reg.KINDS[kind]
    cleaned: dict[str, Any] = {}
    notes = list(device.notes)
    for name, value in device.values.items():
        if value is None:
            continue
        extra = name in EXTRA_COLUMNS.get(kind, [])
        f = None if extra else k.field(name)
        limit = validation.MAX_LENGTHS["text"] if extra else f.limit
        if limit is not None and isinstance(value, str) and len(value.strip()) > limit:
            # An inventory is written by an agent, not typed: the user cannot correct it, and
            # refusing the file for one odd value (a 5,000-character host name) would lose all the
            # rest of the machine. So the value is cut to the field's limit and the preview says
            # so; a form, a CSV line or a bundle is refused instead (a person can fix those).
            text = value.strip()
            notes.append(_("{field} cut to {limit} characters (the inventory gives {length})").format(
                field=_(f.label) if f else name, limit=format_number(limit),
                length=format_number(len(text))))
            value = text[:limit].strip()
        if extra:
            cleaned[name] = value
            continue
        assert f is not None
        try:
            cleaned[name] = reg.clean_value(f, value)
        except ValueError as exc:
            notes.append(_("{field} left out: {problem}").format(field=_(f.label), problem=exc))
    return cleaned, notes


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return abs(float(old) - float(new)) < 1e-9
    if isinstance(old, str) and isinstance(new, str):
        return old.strip() == new.strip()
    return old == new


def plan_inventories(db, paths: list[Path | str],
                     progress: Callable[[int, int], None] | None = None,
                     keep_software: bool = True) -> Plan:
    """Read every file and say what importing them would do; writes nothing.

    The programs a machine's inventory lists replace its list (``keep_software=False`` does not
    read them: ``benchmarks/software_inventory.py`` measures the import without them, as it
    was before programs were kept).

    A file that cannot be read raises :class:`ImportFileError` (naming it) and nothing is planned.
    """
    # Reading a thousand files makes millions of short-lived objects and no reference cycle:
    # Python's cycle collector, triggered by the number of objects made, would find nothing
    # and cost a quarter of the reading (benchmarks/software_inventory.py). It is paused while
    # the files are read, and runs again after (also when a file is refused).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _plan_files(db, paths, progress, keep_software)
    finally:
        if was_enabled:
            gc.enable()


def _plan_files(db, paths: list[Path | str], progress: Callable[[int, int], None] | None,
                keep_software: bool) -> Plan:
    plan = Plan(mark=change_mark(db))  # before anything is read
    indexes = {kind: _Index(db, kind) for kind in TABLE_OF}
    planned: dict[int, Action] = {}  # id(Device) -> action, to attach VMs to their host
    cache = software.ReadCache()  # the files' strings and programs, kept once
    listed: set[tuple[str, Any]] = set()  # the machines whose list an earlier file gave
    for number, path in enumerate(paths, start=1):
        devices = read_inventory(path, keep_software, cache)
        file_plan = FilePlan(str(path))
        for device in devices:
            chosen = _where_registered(indexes, device)
            action = _plan_device(indexes, chosen, str(path))
            action.rule = device.rule
            if chosen.kind == "equipment" and chosen.values.get("kind") == "workstation":
                action.label = WORKSTATION_LABEL
            planned[id(device)] = action
            if chosen.kind == "vms" and device.host is not None and action.op != "skip":
                _attach(indexes, action, planned.get(id(device.host)))
            if keep_software and device.software is not None and action.op != "skip":
                _plan_software(db, action, device.software, listed)
            file_plan.actions.append(action)
        plan.files.append(file_plan)
        if progress:
            progress(number, len(paths))
    return plan


def _plan_software(db, action: Action, programs: list[software.Program],
                   listed: set[tuple[str, Any]]) -> None:
    """What the machine's list of programs becomes (compared with the database's list)."""
    # only the change is kept (a re-import of a thousand machines holds a few programs each);
    # the same machine in two files (new or known): the whole list, the last file's wins, also
    # when it is empty (see apply_plan)
    machine = (action.kind, action.key)
    action.whole_list = machine in listed
    listed.add(machine)
    record = action.record_id if action.merged_into is None and not action.whole_list else None
    action.software = software.change_for(db, TABLE_OF[action.kind], record, programs)


def _where_registered(indexes: dict[str, _Index], device: Device) -> Device:
    """The device, or the same machine in the terms of the table that already holds it.

    Imports made before the container and workstation rules registered containers and laptops
    as servers: such a record is updated where it is (with a note), not duplicated in its new
    table nor moved (its VMs, backups, credentials and continuity items point at it). Only the
    machine an inventory is about is looked for elsewhere, not the VMs a host lists by name.
    """
    if device.fill_only or not device.elsewhere:
        return device
    own_key, _column = indexes[device.kind].find(device)
    if own_key is not None:
        return device
    for kind, values in device.elsewhere.items():
        probe = Device(kind, values, values.get("uuid"), values.get("serial"))
        key, _column = indexes[kind].find(probe)
        if key is not None:
            note = _("already in the registry as: {kind}; updated there (move it by hand if "
                     "needed)").format(kind=_(reg.KINDS[kind].singular))
            return Device(kind, values, probe.uuid, probe.serial, host=device.host,
                          notes=[*device.notes, note], rule=device.rule)
    return device


def _plan_device(indexes: dict[str, _Index], device: Device, path: str) -> Action:
    kind = device.kind
    index = indexes[kind]
    values, notes = _clean(kind, device)
    name = values.get("name") or ""
    if device.skip_reason:
        return Action(path, kind, "skip", name, reason=device.skip_reason, notes=notes)
    if not name:
        return Action(path, kind, "skip", name, reason=_("the inventory gives no name"), notes=notes)
    key, _matched_on = index.find(Device(kind, values, values.get("uuid"), values.get("serial")))
    if key is None:
        if kind == "vms":
            values.setdefault("criticality", "medium")
        if kind == "equipment":
            values.setdefault("kind", "other")
        for column, value in device.on_create.items():
            values.setdefault(column, value)
        values["source"] = "inventory"
        action = Action(path, kind, "create", name, values=values, notes=notes)
        action.key = action
        index.add(action, values)  # later files of the same import match this planned row
        return action
    row = index.rows[key]
    changes: dict[str, tuple[Any, Any]] = {}
    for column, new in values.items():
        if column == "name":  # the registry's name is the facility's reference: never renamed
            if str(row.get("name") or "").lower() != str(new).lower():
                notes.append(_("name kept; the inventory calls it {name}").format(name=new))
            continue
        if column == "kind" and row.get("kind") not in (None, "", "other"):
            continue  # the user's choice of equipment type wins over a guess
        if device.fill_only and row.get(column) not in (None, ""):
            continue
        if not _same(row.get(column), new):
            changes[column] = (row.get(column), new)
    changed = {c: n for c, (_o, n) in changes.items()}
    action = Action(path, kind, "update" if changes else "unchanged", row.get("name") or name,
                    values=changed, changes=changes, notes=notes)
    action.key = key
    if isinstance(key, Action):  # the same machine in two files of this import: one record
        action.merged_into = key
        action.record_id = None
    else:
        action.record_id = key
    row.update(changed)  # for a planned row, this updates the creating action's values
    if str(name).lower() != str(row.get("name") or "").lower():
        index.by["name"].setdefault(str(name).lower(), key)
    return action


def _attach(indexes: dict[str, _Index], vm_action: Action, host_action: Action | None) -> None:
    """Set a listed VM's host: an existing server's id, or the server this plan creates."""
    if host_action is None or host_action.op == "skip":
        return
    host: Action | int | None = host_action if host_action.op == "create" else (
        host_action.merged_into or host_action.record_id)
    target = vm_action if vm_action.op == "create" else (vm_action.merged_into or None)
    if target is not None:  # the VM is created by this import
        if isinstance(host, Action):
            target.host_action = host
        else:
            target.values["server_id"] = host
        return
    row = indexes["vms"].rows.get(vm_action.record_id) or {}
    current = row.get("server_id")
    if isinstance(host, Action):
        vm_action.host_action = host
        vm_action.changes["server_id"] = (current, host.name)
    elif host is not None and current != host:
        vm_action.changes["server_id"] = (current, host)
        vm_action.values["server_id"] = host
        row["server_id"] = host
    else:
        return
    vm_action.op = "update"


# --- applying --------------------------------------------------------------------------------

def apply_plan(db, plan: Plan, snapshot: bool = True,
               progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Write a plan in ONE transaction (after a snapshot of the database when it has a file)."""
    todo = [a for a in plan.actions if a.op in ("create", "update") and a.merged_into is None]
    lists = [a for a in plan.actions if a.writes_software]
    # servers first, so that a VM created here can point at a host created here
    todo.sort(key=lambda a: 0 if (a.kind == "servers" and a.op == "create") else 1)
    counts = {op: plan.count(op) for op in ("create", "update", "unchanged", "skip")}
    if not todo and not lists:
        return counts
    if snapshot and getattr(db, "path", None):
        from ..snapshots import take_snapshot

        take_snapshot(db.path, "before-import")
    with db.atomic():
        check_unchanged(db, plan.mark)  # another import wrote meanwhile: this plan is stale
        for number, action in enumerate(todo, start=1):
            table = TABLE_OF[action.kind]
            values = dict(action.values)
            if action.host_action is not None:
                values["server_id"] = action.host_action.record_id
            if not values:
                continue
            if action.op == "create":
                action.record_id = int(db[table].insert(values).last_pk)
            else:
                db[table].update(action.record_id, values)
            if progress and (number % 50 == 0 or number == len(todo)):
                progress(number, len(todo))
        releases = _write_lists(db, lists)
    if releases is not None:
        releases.keep()  # committed: the next import through this connection starts from it
    return counts


def _write_lists(db, lists: list[Action]) -> Releases | None:
    """The machines' lists of programs (after the records: a new machine has its id now)."""
    if not lists:
        return None
    releases = Releases(db, shared=True)  # ids looked up once for all the machines
    for action in lists:
        target = action.merged_into or action
        if target.record_id is None:
            continue
        if action.merged_into is not None or action.whole_list:  # replaces an earlier file's
            software.write_programs(db, TABLE_OF[action.kind], target.record_id,
                                    action.software.added, releases)
        else:
            software.write_change(db, TABLE_OF[action.kind], target.record_id, action.software,
                                  releases)
    return releases


def import_inventories(db, paths: list[Path | str], dry_run: bool = False) -> Plan:
    """Plan, then (unless ``dry_run``) apply. Returns the plan (with ids filled when applied)."""
    plan = plan_inventories(db, paths)
    if not dry_run:
        apply_plan(db, plan)
    return plan
