"""The staff list as a CSV file: the import (read by the one CSV reader of
``core/interop/csv_lines.py``) and the template a user fills."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import validation as v
from ..i18n import N_, _, format_number, ngettext
from ..interop.common import file_error, read_limited, write_atomic
from ..interop.csv_lines import KEPT_ERRORS  # noqa: F401  (re-exported by the package)
from ..interop.csv_lines import CsvProblem, CsvReader, LineErrors, decode, first_line
from .common import PROFILES, SHIFTS, STATUSES, TEXT_COLUMNS, fold, label
from .people import clean_staff, get_staff


# --- staff CSV import ------------------------------------------------------------------------

STAFF_COLUMNS = {
    # key: (English label, accepted headers, folded)
    "last_name": (N_("Last name"), ["nom", "last name", "last_name", "surname", "nom de famille"]),
    "first_name": (N_("First name"), ["prenom", "first name", "first_name", "given name"]),
    "profile": (N_("Profile"), ["profil", "profile", "fonction", "metier", "grade"]),
    "unit": (N_("Unit"), ["unite", "unit", "service", "unite de soins"]),
    "shift": (N_("Shift"), ["horaire", "shift", "poste", "equipe", "jour/nuit"]),
    "status": (N_("Status"), ["statut", "status", "contrat"]),
    "active": (N_("Active"), ["actif", "active", "en poste"]),
    "notes": (N_("Notes"), ["notes", "remarques", "commentaire"]),
}

_ALIASES = {
    "profile": {
        "doctor": ["medecin", "docteur", "dr", "praticien", "md", "physician"],
        "nurse": ["ide", "infirmier", "infirmiere", "infirmier(e)", "infirmier(ere)", "ifr",
                  "cadre de sante", "ipa"],
        "nursing_assistant": ["as", "aide-soignant", "aide-soignante", "aide soignant",
                              "aide soignante", "aide-soignant(e)", "ash", "asg", "aes"],
        "midwife": ["sage-femme", "sage femme", "maieuticien"],
        "secretary": ["secretaire", "secretaire medicale", "admissions", "accueil", "secretariat"],
        "pharmacy": ["pharmacie", "pharmacien", "pharmacienne", "preparateur", "preparatrice", "ppH"],
        "other": ["autre"],
    },
    "shift": {"day": ["jour", "j", "d", "matin", "apres-midi"], "night": ["nuit", "n"]},
    "status": {
        "permanent": ["titulaire", "permanent", "cdi", "stagiaire de la fonction publique"],
        "temporary": ["interimaire", "interim", "vacataire", "cdd", "remplacant", "remplacante",
                      "temporaire", "temporary"],
        "newcomer": ["nouvel arrivant", "nouvelle arrivante", "nouveau", "nouvelle", "newcomer",
                     "arrivant"],
    },
}

_BOOLEAN = {"1": 1, "oui": 1, "yes": 1, "o": 1, "y": 1, "vrai": 1, "true": 1, "x": 1,
            "0": 0, "non": 0, "no": 0, "n": 0, "faux": 0, "false": 0}


def _choice_lookup(key: str, mapping: dict[str, str]) -> dict[str, str]:
    from ..i18n import load_catalogue

    table = {}
    french = load_catalogue("fr")
    for choice, english in mapping.items():
        for name in [choice, choice.replace("_", " "), english, french.get(english, ""),
                     *(_ALIASES.get(key, {}).get(choice, []))]:
            if name:
                table[fold(name)] = choice
    return table


@dataclass
class LineError:
    line: int
    column: str  # translated column label ("" for the whole line)
    reason: str

    def __str__(self) -> str:
        if self.column:
            return _("line {line}, column « {column} »: {reason}").format(
                line=self.line, column=self.column, reason=self.reason)
        return _("line {line}: {reason}").format(line=self.line, reason=self.reason)


@dataclass
class StaffImport(LineErrors):  # errors: LineError, the first KEPT_ERRORS
    path: str
    lines: int = 0
    created: int = 0
    updated: int = 0
    written: bool = False
    dry_run: bool = False
    encoding: str = "UTF-8"

    @property
    def good(self) -> int:
        return self.created + self.updated

    def summary(self) -> str:
        c, u, b = self.created, self.updated, self.bad_line_count
        if self.dry_run:
            head = _("Check only, nothing written: {created}, {updated}, {bad}.").format(
                created=ngettext("{n} person to add", "{n} people to add", c).format(n=format_number(c)),
                updated=ngettext("{n} person to update", "{n} people to update", u).format(
                    n=format_number(u)),
                bad=ngettext("{n} line with errors", "{n} lines with errors", b).format(n=format_number(b)))
        elif self.written:
            head = _("Imported: {created}, {updated}, {bad}.").format(
                created=ngettext("{n} person added", "{n} people added", c).format(n=format_number(c)),
                updated=ngettext("{n} person updated", "{n} people updated", u).format(n=format_number(u)),
                bad=ngettext("{n} line left out", "{n} lines left out", b).format(n=format_number(b)))
        else:
            head = ngettext("Nothing imported: {bad} line with errors ({created} and {updated} once "
                            "it is fixed, or import only the good lines).",
                            "Nothing imported: {bad} lines with errors ({created} and {updated} once "
                            "they are fixed, or import only the good lines).", b).format(
                bad=format_number(b),
                created=ngettext("{n} person to add", "{n} people to add", c).format(n=format_number(c)),
                updated=ngettext("{n} person to update", "{n} people to update", u).format(
                    n=format_number(u)))
        return head + " " + _("(encoding: {encoding})").format(encoding=self.encoding)


def _sniff_delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") >= first_line.count(",") else ","


def import_staff_csv(db, path: Path | str, *, dry_run: bool = False, only_good: bool = False) -> StaffImport:
    """Read a staff list (CSV, UTF-8 with or without BOM or else Windows-1252, ``;`` or ``,``,
    French or English headers) and add or update people.

    Every bad line is reported with its number, column and reason. When a line is bad nothing is
    written unless ``only_good``; ``dry_run`` never writes. A person already in the list (same
    last and first name) is updated rather than added twice: the list is read under the write
    lock, so two imports of the same file at the same moment add nobody twice.
    """
    if dry_run:
        return _import_staff_csv(db, path, dry_run=True, only_good=only_good)
    with db.atomic():
        return _import_staff_csv(db, path, dry_run=False, only_good=only_good)


def _import_staff_csv(db, path: Path | str, *, dry_run: bool, only_good: bool) -> StaffImport:
    text, encoding = decode(read_limited(path), path)
    report = StaffImport(str(path), dry_run=dry_run, encoding=encoding)
    # a cell may hold as much as the longest field (10,000 characters of notes); each column's
    # own limit is then checked line by line below
    reader = CsvReader(text, path, _sniff_delimiter(first_line(text)),
                       max_chars=max(c.limit for c in TEXT_COLUMNS["training_staff"].values()))
    columns = _staff_columns(reader.header, path)
    staff_file = _StaffFile(
        columns=columns,
        labels={key: _(english) for key, (english, _n) in STAFF_COLUMNS.items()},
        lookups={key: _choice_lookup(key, mapping) for key, mapping in _CHOICES.items()},
        unit_ids={fold(r[1]): r[0] for r in db.execute("SELECT id, name FROM training_unit")})
    existing = {(fold(r[1]), fold(r[2])): r[0] for r in db.execute(
        "SELECT id, last_name, first_name FROM training_staff")}
    seen: dict[tuple[str, str], int] = {}
    good: list[tuple[int | None, dict]] = []
    # lines that are not records (unclosed quote, wrong number of fields, value too long)
    by_index = {index: staff_file.labels[key] for key, index in columns.items()}
    last_problem = 0
    for item in reader:
        if isinstance(item, CsvProblem):
            report.add_error(LineError(item.line, by_index.get(item.index, item.column), item.reason))
            if item.line != last_problem:
                report.lines += 1
                last_problem = item.line
            continue
        line, cells = item
        report.lines += 1
        values, errors = _staff_line(staff_file, line, cells)
        identity = (fold(values["last_name"]), fold(values["first_name"]))
        if values["last_name"] and identity in seen:
            errors.append(LineError(line, "", _("this person already appears on line {other}.")
                                    .format(other=seen[identity])))
        if errors:
            for error in errors:
                report.add_error(error)
            continue
        seen[identity] = line
        target = existing.get(identity)
        if target is not None:
            _keep_unset_values(db, target, values)
            report.updated += 1
        else:
            report.created += 1
        good.append((target, values))
    if dry_run or (report.errors and not only_good):
        return report
    _write_staff(db, good)
    report.written = True
    return report


_CHOICES = {"profile": PROFILES, "shift": SHIFTS, "status": STATUSES}


@dataclass
class _StaffFile:
    """What each line of a staff file is read with: where each column is, its label, the
    accepted names of the choices and of the units."""
    columns: dict[str, int]  # key -> index in the line
    labels: dict[str, str]  # key -> translated column label
    lookups: dict[str, dict[str, str]]  # profile / shift / status: folded name -> key
    unit_ids: dict[str, int]  # folded unit name -> id

    def cell(self, cells: list[str], key: str) -> str:
        index = self.columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""


def _staff_columns(header: list[str], path: Path | str) -> dict[str, int]:
    """The index of each known column in the header line; an unknown or repeated column, or no
    last name column, stops the import (one error naming the file)."""
    known = {fold(name): key for key, (_label, names) in STAFF_COLUMNS.items() for name in names}
    for key, (english, _names) in STAFF_COLUMNS.items():
        known[fold(_(english))] = key
        known[fold(english)] = key
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = known.get(fold(name))
        if key is None:
            if fold(name):
                raise file_error(path, _("line 1: unknown column « {column} » (expected: {expected}).")
                                 .format(column=name.strip(), expected=", ".join(
                                     _(english) for english, _n in STAFF_COLUMNS.values())))
            continue
        if key in columns:
            raise file_error(path, _("line 1: the column « {column} » appears twice.").format(column=name))
        columns[key] = index
    if "last_name" not in columns:
        raise file_error(path, _("line 1: the column « {column} » is required.").format(
            column=_(STAFF_COLUMNS["last_name"][0])))
    return columns


def _staff_line(staff_file: _StaffFile, line: int, cells: list[str]) -> tuple[dict[str, Any],
                                                                              list[LineError]]:
    """The values of one line of the file and what is wrong with them (in the columns' order)."""
    def cell(key: str) -> str:
        return staff_file.cell(cells, key)

    errors: list[LineError] = []
    values: dict[str, Any] = {"last_name": cell("last_name"), "first_name": cell("first_name"),
                              "notes": cell("notes") or None}
    if not values["last_name"]:
        errors.append(LineError(line, staff_file.labels["last_name"], _("the last name is empty.")))
    too_long: dict[str, str] = {}
    v.check_texts(TEXT_COLUMNS["training_staff"], values, too_long, by_label=True)
    errors.extend(LineError(line, column, reason) for column, reason in too_long.items())
    for key in ("profile", "shift", "status"):
        values[key] = _staff_choice(staff_file, line, key, cell(key), errors)
    values["unit_id"] = _staff_unit(staff_file, line, cell("unit"), errors)
    values["active"] = _staff_active(staff_file, line, cell("active"), errors)
    return values, errors


def _staff_choice(staff_file: _StaffFile, line: int, key: str, raw: str,
                  errors: list[LineError]) -> str | None:
    """The key of a profile, shift or status as typed (None when empty or unknown)."""
    if not raw:
        return None
    found = staff_file.lookups[key].get(fold(raw))
    if found is None:
        mapping = _CHOICES[key]
        errors.append(LineError(line, staff_file.labels[key], _(
            "« {value} » is not one of: {choices}.").format(
                value=raw, choices=", ".join(label(mapping, k) for k in mapping))))
    return found


def _staff_unit(staff_file: _StaffFile, line: int, raw: str, errors: list[LineError]) -> int | None:
    """The id of the unit named (None when empty or unknown: the unit must exist)."""
    if not raw:
        return None
    unit_id = staff_file.unit_ids.get(fold(raw))
    if unit_id is None:
        errors.append(LineError(line, staff_file.labels["unit"], _(
            "unknown unit « {value} »; create it first on the Units page.").format(value=raw)))
    return unit_id


def _staff_active(staff_file: _StaffFile, line: int, raw: str, errors: list[LineError]) -> int:
    """1 or 0 from « oui », « non »…; 1 when empty (or not understood, with an error)."""
    if not raw:
        return 1
    if fold(raw) not in _BOOLEAN:
        errors.append(LineError(line, staff_file.labels["active"], _(
            "« {value} » is neither yes nor no.").format(value=raw)))
        return 1
    return _BOOLEAN[fold(raw)]


def _keep_unset_values(db, staff_id: int, values: dict[str, Any]) -> None:
    """A person already in the list keeps what the file leaves empty."""
    current = get_staff(db, staff_id)
    for key in ("profile", "shift", "status", "unit_id", "notes"):
        if values.get(key) is None:
            values[key] = current[key]


def _write_staff(db, good: list[tuple[int | None, dict]]) -> None:
    """Add or update the good lines, in one transaction."""
    with db.atomic():
        for target, values in good:
            row = clean_staff(db, values)
            if target is None:
                db["training_staff"].insert(row)
            else:
                db["training_staff"].update(target, row)


STAFF_TEMPLATE = "nom;prénom;profil;unité;horaire;statut;actif\n" \
                 "MARTIN;Claire;Infirmier ou infirmière;Médecine;jour;titulaire;oui\n"


def write_staff_template(path: Path | str) -> Path:
    """Write the staff list a user fills (the columns the import reads, one example line) to
    ``path``: UTF-8 with a byte-order mark (so that Excel shows the accents), ``;`` between
    columns, through ``path.part``. It imports as it is once its unit exists."""
    return write_atomic(path, STAFF_TEMPLATE.encode("utf-8-sig"))
