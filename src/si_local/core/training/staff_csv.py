"""The staff list as a CSV file: the import (read by the one CSV reader of
``core/interop/csv_lines.py``) and the template a user fills."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import validation as v
from ..errors import UserError
from ..i18n import N_, _, format_number, ngettext
from ..interop.common import file_error, read_limited, write_atomic
from ..interop.csv_lines import KEPT_ERRORS  # noqa: F401  (re-exported by the package)
from ..interop.csv_lines import CsvProblem, CsvReader, LineErrors, decode, first_line
from ..interop.ods import read_ods, write_ods
from .common import PROFILES, SHIFTS, STATUSES, TEXT_COLUMNS, fold, label
from .people import add_profile, clean_staff, get_staff, profiles, save_unit


# --- staff CSV import ------------------------------------------------------------------------

STAFF_COLUMNS = {
    # key: (English label, accepted headers, compared by header_key())
    "last_name": (N_("Last name"), ["nom", "last name", "last_name", "surname", "nom de famille",
                                    "nom d'usage", "nom usuel", "family name", "nom de naissance"]),
    "first_name": (N_("First name"), ["prenom", "prenoms", "first name", "first_name", "given name"]),
    "matricule": (N_("Staff number"), ["matricule", "n° agent", "no agent", "numero agent",
                                       "numero d'agent", "n° matricule", "numero de matricule",
                                       "staff number", "employee number", "employee id", "id agent",
                                       "identifiant agent"]),
    "profile": (N_("Profile"), ["profil", "profile", "fonction", "metier", "grade", "qualification",
                                "emploi"]),
    "unit": (N_("Unit"), ["unite", "unit", "service", "unite de soins", "unite fonctionnelle", "uf"]),
    "shift": (N_("Shift"), ["horaire", "shift", "poste", "equipe", "jour/nuit", "roulement"]),
    "status": (N_("Status"), ["statut", "status", "contrat", "type de contrat"]),
    "active": (N_("Active"), ["actif", "active", "en poste"]),
    "notes": (N_("Notes"), ["notes", "remarques", "commentaire", "commentaires", "observations"]),
}

_ALIASES = {
    "profile": {
        "doctor": ["medecin", "docteur", "dr", "praticien", "md", "physician"],
        "nurse": ["ide", "infirmier", "infirmiere", "infirmier(e)", "infirmier(ere)", "ifr", "ipa"],
        "nursing_assistant": ["as", "aide-soignant", "aide-soignante", "aide soignant",
                              "aide soignante", "aide-soignant(e)", "asg"],
        "midwife": ["sage-femme", "sage femme", "maieuticien"],
        "secretary": ["secretaire", "admissions", "accueil", "secretariat"],
        "pharmacy": ["pharmacie", "pharmacien", "pharmacienne", "preparateur", "preparatrice", "pph"],
        "hospital_services_agent": ["ash", "agent de service hospitalier", "agent des services hospitaliers"],
        "health_manager": ["cadre de sante", "cadre", "cadre de sante paramedical"],
        "physiotherapist": ["kinesitherapeute", "kine", "masseur-kinesitherapeute", "mk"],
        "occupational_therapist": ["ergotherapeute", "ergo"],
        "psychologist": ["psychologue", "psy"],
        "dietitian": ["dieteticien", "dieteticienne", "dieteticien·ne", "dieteticien(ne)"],
        "medical_secretary": ["secretaire medicale", "secretaire medical"],
        "stretcher_bearer": ["brancardier", "brancardiere", "brancardage"],
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


def header_key(name: str | None) -> str:
    """A column title compared whatever its case, accents and punctuation (« N° agent » and
    « No agent », « Unité/Service » → « unite service »)."""
    return re.sub(r"[^a-z0-9]+", " ", fold(name)).strip()


def _choice_lookup(key: str, mapping: dict[str, str]) -> dict[str, str]:
    from ..i18n import load_catalogue

    table = {}
    french = load_catalogue("fr")
    for choice, english in mapping.items():
        english = PROFILES.get(choice, english) if key == "profile" else english
        for name in [choice, choice.replace("_", " "), english, french.get(english, ""),
                     label(mapping, choice), *(_ALIASES.get(key, {}).get(choice, []))]:
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
    columns: dict[str, str] = field(default_factory=dict)  # title in the file -> field key read
    ignored_columns: list[str] = field(default_factory=list)  # titles in the file, in its order
    unknown_units: list[str] = field(default_factory=list)  # as first written in the file
    unknown_profiles: list[str] = field(default_factory=list)
    create_units: bool = False
    create_profiles: bool = False
    namesakes: int = 0  # people added who have the name of someone of the list in another unit

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
        return " ".join([head, _("(encoding: {encoding})").format(encoding=self.encoding)] + self.notes())

    def notes(self) -> list[str]:
        """The columns left aside, the units and profiles the file names that do not exist yet."""
        found = []
        if self.ignored_columns:
            found.append(ngettext("Ignored column: {names}.", "Ignored columns: {names}.",
                                  len(self.ignored_columns)).format(
                                      names=", ".join(self.ignored_columns)))
        if self.unknown_units:
            found.append(_plural_note(len(self.unknown_units), self.create_units, True).format(
                names=", ".join(self.unknown_units)))
        if self.unknown_profiles:
            found.append(_plural_note(len(self.unknown_profiles), self.create_profiles, False)
                         .format(names=", ".join(self.unknown_profiles)))
        if self.namesakes:
            found.append(ngettext(
                "{count} person to add has the name of someone of another unit: another person, "
                "unless the staff number says otherwise.",
                "{count} people to add have the name of someone of another unit: other people, "
                "unless the staff number says otherwise.", self.namesakes).format(
                    count=format_number(self.namesakes)))
        return found


def _plural_note(count: int, create: bool, units: bool) -> str:
    if units:
        if create:
            return ngettext("Unit to create: {names}.", "Units to create: {names}.", count)
        return ngettext("Unknown unit: {names}.", "Unknown units: {names}.", count)
    if create:
        return ngettext("Profile to add: {names}.", "Profiles to add: {names}.", count)
    return ngettext("Unknown profile: {names}.", "Unknown profiles: {names}.", count)


def _sniff_delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") >= first_line.count(",") else ","


def import_staff_csv(db, path: Path | str, *, dry_run: bool = False, only_good: bool = False,
                     mapping: dict[str, str | None] | None = None, create_units: bool = False,
                     create_profiles: bool = False) -> StaffImport:
    """Read a staff list (CSV, UTF-8 with or without BOM or else Windows-1252, ``;`` or ``,``,
    French or English headers; or an .ods spreadsheet's first sheet) and add or update people.

    A column the program does not know is listed in ``ignored_columns`` and left aside, unless
    ``mapping`` ({title in the file: field key, or None to leave it aside}) says what it holds.
    Units and profiles the file names that do not exist are listed; ``create_units`` and
    ``create_profiles`` create them with the import, else each line naming one is refused.
    Every bad line is reported with its number, column and reason. When a line is bad nothing is
    written unless ``only_good``; ``dry_run`` never writes. A person already in the list is
    updated rather than added twice: the same staff number, else the same last and first name in
    the same unit (two people of one name in two units are two people). The list is read under
    the write lock, so two imports of the same file at the same moment add nobody twice.
    """
    options = {"mapping": mapping or {}, "create_units": create_units,
               "create_profiles": create_profiles, "only_good": only_good}
    if dry_run:
        return _import_staff_csv(db, path, dry_run=True, **options)
    with db.atomic():
        return _import_staff_csv(db, path, dry_run=False, **options)


def _records(path: Path | str) -> tuple[list[str], Iterator, str]:
    """The header line, the records (or problems) after it and the encoding of a staff file."""
    data = read_limited(path)
    if Path(path).suffix.lower() == ".ods" or data[:4] == b"PK\x03\x04":
        rows = read_ods(data, path)
        first = next(rows, None)
        return (first[1] if first else []), rows, "OpenDocument"
    text, encoding = decode(data, path)
    # a cell may hold as much as the longest field (10,000 characters of notes); each column's
    # own limit is then checked line by line below
    reader = CsvReader(text, path, _sniff_delimiter(first_line(text)),
                       max_chars=max(c.limit for c in TEXT_COLUMNS["training_staff"].values()))
    return reader.header, iter(reader), encoding


def _import_staff_csv(db, path: Path | str, *, dry_run: bool, only_good: bool,
                      mapping: dict[str, str | None], create_units: bool,
                      create_profiles: bool) -> StaffImport:
    header, records, encoding = _records(path)
    report = StaffImport(str(path), dry_run=dry_run, encoding=encoding, create_units=create_units,
                         create_profiles=create_profiles)
    columns = _staff_columns(header, path, mapping, report)
    staff_file = _StaffFile(
        columns=columns,
        labels={key: _(english) for key, (english, _n) in STAFF_COLUMNS.items()},
        lookups={key: _choice_lookup(key, mapping) for key, mapping in _choices(db).items()},
        unit_ids={fold(r[1]): r[0] for r in db.execute("SELECT id, name FROM training_unit")},
        report=report)
    matcher = _Matcher(db)
    good: list[tuple[int | None, dict]] = []
    # lines that are not records (unclosed quote, wrong number of fields, value too long)
    by_index = {index: staff_file.labels[key] for key, index in columns.items()}
    last_problem = 0
    for item in records:
        if isinstance(item, CsvProblem):
            report.add_error(LineError(item.line, by_index.get(item.index, item.column), item.reason))
            if item.line != last_problem:
                report.lines += 1
                last_problem = item.line
            continue
        line, cells = item
        report.lines += 1
        values, errors = _staff_line(staff_file, line, cells)
        target = matcher.match(values, line, errors) if not errors else None
        if not errors and target is None and matcher.has_namesake(values):
            report.namesakes += 1
        if errors:
            for error in errors:
                report.add_error(error)
            continue
        if target is not None:
            _keep_unset_values(db, target, values)
            report.updated += 1
        else:
            report.created += 1
        good.append((target, values))
    if dry_run or (report.errors and not only_good):
        return report
    _write_staff(db, good, report)
    report.written = True
    return report


def _choices(db) -> dict[str, dict[str, str]]:
    return {"profile": profiles(db), "shift": SHIFTS, "status": STATUSES}


class _Matcher:
    """Who a line of the file is: the person with its staff number, else the one of that name in
    that unit (or of that name alone when the line names no unit and only one person has it);
    and the lines already read, so that a person appears once."""

    def __init__(self, db) -> None:
        self.by_number: dict[str, int] = {}
        self.by_name: dict[tuple[str, str], list[tuple[int, str, str | None]]] = defaultdict(list)
        for staff_id, last, first, unit, number in db.execute(
                "SELECT st.id, st.last_name, st.first_name, u.name, st.matricule "
                "FROM training_staff st LEFT JOIN training_unit u ON u.id = st.unit_id"):
            if number:
                self.by_number[number] = staff_id
            self.by_name[(fold(last), fold(first))].append((staff_id, fold(unit), number))
        self.seen: dict[object, int] = {}  # line's key or matched id -> its line

    def match(self, values: dict[str, Any], line: int, errors: list[LineError]) -> int | None:
        number = values.get("matricule")
        unit = fold(values.get("unit_name"))
        name = (fold(values["last_name"]), fold(values["first_name"]))
        key: object = ("number", number) if number else ("name", name, unit)
        target = self.by_number.get(number) if number else None
        if target is None:
            target = self._by_name(name, unit, number, line, errors)
        for mark in (key, ("id", target)):
            if mark in self.seen and mark != ("id", None):
                errors.append(LineError(line, "", _(
                    "this person already appears on line {other}.").format(other=self.seen[mark])))
                return None
        self.seen[key] = line
        if target is not None:
            self.seen[("id", target)] = line
        return target

    def has_namesake(self, values: dict[str, Any]) -> bool:
        return bool(self.by_name.get((fold(values["last_name"]), fold(values["first_name"]))))

    def _by_name(self, name, unit: str, number: str | None, line: int,
                 errors: list[LineError]) -> int | None:
        # a person holding another staff number is another person
        people = [p for p in self.by_name.get(name, []) if not (number and p[2])]
        if unit:
            same = [p for p in people if p[1] == unit] or [p for p in people if not p[1]]
        else:
            same = people
        if len(same) > 1:
            errors.append(LineError(line, "", _(
                "several people of the list have this name; give the unit or the staff number.")))
            return None
        return same[0][0] if same else None


@dataclass
class _StaffFile:
    """What each line of a staff file is read with: where each column is, its label, the
    accepted names of the choices and of the units."""
    columns: dict[str, int]  # key -> index in the line
    labels: dict[str, str]  # key -> translated column label
    lookups: dict[str, dict[str, str]]  # profile / shift / status: folded name -> key
    unit_ids: dict[str, int]  # folded unit name -> id
    report: StaffImport

    def cell(self, cells: list[str], key: str) -> str:
        index = self.columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""


def _known_headers() -> dict[str, str]:
    known = {header_key(name): key for key, (_label, names) in STAFF_COLUMNS.items()
             for name in names}
    for key, (english, _names) in STAFF_COLUMNS.items():
        known[header_key(_(english))] = key
        known[header_key(english)] = key
        known[header_key(key)] = key
    return known


def field_key(name: str | None) -> str | None:
    """The field a column title (or a field's name, in French or English) stands for."""
    known = _known_headers()
    found = known.get(header_key(name))
    if found is None and "/" in str(name or ""):  # « Unité/Service », « Fonction/Profil/Métier »
        keys = {known.get(header_key(part)) for part in str(name).split("/") if header_key(part)}
        if len(keys) == 1:
            found = keys.pop()
    return found


def _mapped(header: list[str], path: Path | str, mapping: dict[str, str | None]) -> dict[str, str | None]:
    """``mapping`` with its titles checked against the header and its fields against the known
    ones: {header_key(title): field key or None}."""
    titles = {header_key(name) for name in header}
    out: dict[str, str | None] = {}
    for title, target in mapping.items():
        if header_key(title) not in titles:
            raise file_error(path, _("line 1: there is no column « {column} ».").format(column=title))
        key = field_key(target) if target else None
        if target and key is None:
            raise UserError(_("« {field} » is not a field of the staff list (expected: {expected})."
                              ).format(field=target, expected=", ".join(
                                  _(english) for english, _n in STAFF_COLUMNS.values())))
        out[header_key(title)] = key
    return out


def _staff_columns(header: list[str], path: Path | str, mapping: dict[str, str | None],
                   report: StaffImport) -> dict[str, int]:
    """The index of each known column in the header line. An unknown column, or a second column
    of a field already read, is left aside and listed in ``report.ignored_columns`` (``mapping``
    may say what it holds); no last name column stops the import (one error naming the file)."""
    chosen = _mapped(header, path, mapping)
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        title = header_key(name)
        key = chosen[title] if title in chosen else field_key(name)
        if key is None or key in columns:
            if title:
                report.ignored_columns.append(name.strip())
            continue
        columns[key] = index
        report.columns[name.strip()] = key
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
                              "matricule": cell("matricule") or None, "notes": cell("notes") or None}
    if not values["last_name"]:
        errors.append(LineError(line, staff_file.labels["last_name"], _("the last name is empty.")))
    too_long: dict[str, str] = {}
    v.check_texts(TEXT_COLUMNS["training_staff"], values, too_long, by_label=True)
    errors.extend(LineError(line, column, reason) for column, reason in too_long.items())
    values["profile"] = _staff_profile(staff_file, line, cell("profile"), errors)
    for key in ("shift", "status"):
        values[key] = _staff_choice(staff_file, line, key, cell(key), errors)
    values["unit_name"] = cell("unit")
    values["unit_id"] = _staff_unit(staff_file, line, cell("unit"), errors)
    values["active"] = _staff_active(staff_file, line, cell("active"), errors)
    return values, errors


def _staff_choice(staff_file: _StaffFile, line: int, key: str, raw: str,
                  errors: list[LineError]) -> str | None:
    """The key of a shift or status as typed (None when empty or unknown)."""
    if not raw:
        return None
    found = staff_file.lookups[key].get(fold(raw))
    if found is None:
        mapping = {"shift": SHIFTS, "status": STATUSES}[key]
        errors.append(LineError(line, staff_file.labels[key], _(
            "« {value} » is not one of: {choices}.").format(
                value=raw, choices=", ".join(label(mapping, k) for k in mapping))))
    return found


def _remember(names: list[str], raw: str) -> None:
    if all(fold(name) != fold(raw) for name in names):
        names.append(raw)


def _staff_profile(staff_file: _StaffFile, line: int, raw: str, errors: list[LineError]) -> str | None:
    """The key of the profile named (None when empty); an unknown one is listed, and is the
    key of the profile to add when the import adds them."""
    if not raw:
        return None
    found = staff_file.lookups["profile"].get(fold(raw))
    if found is not None:
        return found
    _remember(staff_file.report.unknown_profiles, raw)
    if staff_file.report.create_profiles:
        return next(n for n in staff_file.report.unknown_profiles if fold(n) == fold(raw))
    errors.append(LineError(line, staff_file.labels["profile"], _(
        "unknown profile « {value} »; add it to the list of profiles or let the import add "
        "it.").format(value=raw)))
    return None


def _staff_unit(staff_file: _StaffFile, line: int, raw: str, errors: list[LineError]) -> int | None:
    """The id of the unit named (None when empty, or unknown: listed, and refused unless the
    import creates the units)."""
    if not raw:
        return None
    unit_id = staff_file.unit_ids.get(fold(raw))
    if unit_id is None:
        _remember(staff_file.report.unknown_units, raw)
        if not staff_file.report.create_units:
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
    for key in ("profile", "shift", "status", "unit_id", "notes", "matricule"):
        if values.get(key) is None and not (key == "unit_id" and values.get("unit_name")):
            values[key] = current[key]


def _write_staff(db, good: list[tuple[int | None, dict]], report: StaffImport) -> None:
    """Add the units and profiles to create, then add or update the good lines, in one
    transaction."""
    with db.atomic():
        unit_ids = {}
        for name in report.unknown_units if report.create_units else []:
            unit_ids[fold(name)] = save_unit(db, {"name": name})
        for name in report.unknown_profiles if report.create_profiles else []:
            add_profile(db, name)
        for target, values in good:
            if values.get("unit_id") is None and values.get("unit_name"):
                values["unit_id"] = unit_ids.get(fold(values["unit_name"]))
            row = clean_staff(db, {**values, "id": target})
            if target is None:
                db["training_staff"].insert(row)
            else:
                db["training_staff"].update(target, row)


TEMPLATE_ROWS = [["nom", "prénom", "matricule", "profil", "unité", "horaire", "statut", "actif"],
                 ["MARTIN", "Claire", "", "Infirmier ou infirmière", "Médecine", "jour", "titulaire",
                  "oui"]]
STAFF_TEMPLATE = "".join(";".join(row) + "\n" for row in TEMPLATE_ROWS)


def write_staff_template(path: Path | str) -> Path:
    """Write the staff list a user fills (the columns the import reads, one example line) to
    ``path``: an OpenDocument spreadsheet when its name ends with .ods, else a CSV file in UTF-8
    with a byte-order mark (so that Excel shows the accents), ``;`` between columns; through
    ``path.part``. It imports as it is once its unit exists."""
    if Path(path).suffix.lower() == ".ods":
        return write_ods(path, TEMPLATE_ROWS, _("Staff"))
    return write_atomic(path, STAFF_TEMPLATE.encode("utf-8-sig"))
