"""Printed documents of the training plan: the plan itself, the sign-in sheets (feuilles
d'émargement) and the invitation lists per unit for the nurse managers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Paragraph, TableStyle

from .. import training as t
from ..collation import collation_key
from ..errors import UserError
from ..i18n import _, format_date, format_percent, ngettext
from .common import (
    CELL_PADDING,
    LONG_WORD,
    FONT,
    FONT_BOLD,
    LIGHT,
    PRIMARY,
    CondPageBreak,
    DocumentInfo,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    build_pdf,
    cell_label,
    cell_min_width,
    clip,
    esc,
    fit_widths,
    frame_width,
    heading,
    key_values,
    markup,
    mm,
    p,
    printable,
    styles,
    table,
    table_style,
    word_width,
)
from .. import clock
from .sign_in import sign_in_sheet

GOOD = colors.HexColor("#CDEBD3")
MIDDLE = colors.HexColor("#FBE7B5")
BAD = colors.HexColor("#F6CFCA")
NONE = colors.HexColor("#EEEEEE")

WALK_IN_LINES = 4
MATRIX_PORTRAIT_MAX_MODULES = 4
GROUP_DAYS = 28  # the plan lists who is in each session of the next four weeks
# Above this many people still to train, the plan gives counts per unit and module; the names are
# in the invitations by unit (one page per unit manager), where they are useful.
NAMES_LIMIT = 400


def ratio_colour(ratio: float | None, target_percent: int):
    if ratio is None:
        return NONE
    if ratio * 100 >= target_percent:
        return GOOD
    if ratio >= 0.5:
        return MIDDLE
    return BAD


def _info(db, title: str, today: dt.date, landscape: bool = False) -> DocumentInfo:
    return DocumentInfo(title=title, facility=t.facility_name(db), date=today, landscape=landscape,
                        subject=_("Training plan"))


def _cell_text(cell: t.Cell) -> str:
    if cell.ratio is None:
        return "—"
    return _("{ratio} ({trained}/{needed})").format(ratio=format_percent(cell.ratio),
                                                     trained=cell.trained, needed=cell.needed)


def coverage_table(cov: t.Coverage, width: float) -> Table:
    header = [_("Unit")] + [m["name"] for m in cov.modules] + [_("Ready for go-live")]
    rows: list[list[object]] = [header]
    extra = []
    for r_index, unit in enumerate(cov.units, start=1):
        row: list[object] = [unit["name"]]
        for c_index, module in enumerate(cov.modules, start=1):
            cell = cov.cell(unit["id"], module["id"])
            row.append(_cell_text(cell))
            extra.append(("BACKGROUND", (c_index, r_index), (c_index, r_index),
                          ratio_colour(cell.ratio, cov.target_percent)))
        ready = next(r for r in cov.readiness if r.unit_id == unit["id"])
        row.append(_("{ratio} ({ready}/{people})").format(
            ratio=format_percent(ready.ratio), ready=ready.ready, people=ready.people)
            if ready.people else "—")
        last = len(cov.modules) + 1
        extra.append(("BACKGROUND", (last, r_index), (last, r_index),
                      ratio_colour(ready.ratio, cov.target_percent)))
        rows.append(row)
    total: list[object] = [_("All units")]
    for module in cov.modules:
        total.append(_cell_text(cov.module_totals.get(module["id"], t.Cell())))
    overall = t.Cell(sum(r.ready for r in cov.readiness), sum(r.people for r in cov.readiness))
    total.append(_cell_text(overall))
    rows.append([p(value, "cell_bold") for value in total])  # the totals row in bold
    widths = [2.2] + [1.3] * len(cov.modules) + [1.3]
    return table(rows, widths, total_width=width, zebra=False, style_extra=extra)


def long_heading(text: str) -> list:
    """The heading of a long table: the table may start under it and continue on the next pages
    (a heading "kept with" a long table would push the whole table to a new page)."""
    from reportlab.lib.styles import ParagraphStyle

    style = ParagraphStyle("h1_loose", parent=styles()["h1"], keepWithNext=0)
    return [CondPageBreak(40 * mm), Paragraph(esc(text), style)]


def fast_table(rows: list[list[str]], widths: list[float], total_width: float,
               plain_columns: set[int]) -> Table:
    """Like :func:`common.table`, but the short cells of ``plain_columns`` are drawn as plain
    strings (no Paragraph to lay out): much faster for the long lists of a large facility."""
    head, cell = styles()["head"], styles()["cell"]
    # No word cut, no plain string running out of its column: a column is as wide as its longest
    # word (its longest value for a plain column), taken from the others (see fit_widths).
    pad = 2 * CELL_PADDING
    rows = [[printable(v) for v in row] for row in rows]
    # a word wider than LONG_WORD of the table does not widen its column: it is split there
    cap = LONG_WORD * total_width
    mins = [min(cap, cell_min_width(v, FONT_BOLD, cell.fontSize, pad)) for v in rows[0]]
    for c in range(len(widths)):
        for row in rows[1:]:
            value = row[c]
            if c in plain_columns:
                need = word_width(value, FONT, cell.fontSize) + pad
            elif value:
                need = cell_min_width(value, FONT, cell.fontSize, pad)
            else:
                continue
            mins[c] = max(mins[c], min(cap, need))
    col_widths = fit_widths(list(widths), total_width, mins, [0.0] * len(widths))
    data = []
    for index, row in enumerate(rows):
        if index == 0:
            data.append([Paragraph(esc(v), head) for v in row])
            continue
        cells: list[object] = []
        for c, v in enumerate(row):
            if c in plain_columns and word_width(v, FONT, cell.fontSize) + pad <= col_widths[c]:
                cells.append(v)
            else:
                text = clip(v, col_widths[c] - pad, cell_label(rows, index, c, True))
                cells.append(Paragraph(esc(text), cell))
        data.append(cells)
    result = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    # a zebra that starts afresh on each page (table_style's keeps each row's colour across pages)
    result.setStyle(TableStyle(table_style(len(data), zebra=False, plain_cells=True)
                               + [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, LIGHT])]))
    return result


def _legend(target: int):
    return markup(_("Share of the people who need the module and were present at a session of it. "
                    "Green: target of {target} % reached; amber: 50 % or more; red: below 50 %. "
                    "« Ready for go-live »: people who have every module they need.")
                  .format(target=target), "small")


def print_plan(db, path: Path | str, today: dt.date | None = None) -> int:
    """The training plan: summary, sessions by date with their groups, coverage by unit,
    référents. Landscape when the coverage matrix has many modules."""
    today = today or clock.today()
    cov = t.coverage(db)
    settings = t.plan(db)
    all_sessions = t.sessions(db)
    refs = t.referents(db)
    without = t.units_without_referent(db)
    untrained_refs = t.referents_not_trained(db)
    wide = len(cov.modules) > MATRIX_PORTRAIT_MAX_MODULES
    info = _info(db, _("Training plan"), today, landscape=wide)
    width = frame_width(info)
    horizon = (today + dt.timedelta(days=GROUP_DAYS)).isoformat()
    groups = {s["id"]: t.participants(db, s["id"]) for s in all_sessions
              if not t.is_held(s, today) and s["starts_at"][:10] < horizon}
    # The texts are computed once: build_pdf calls story() twice (the second time it knows the
    # page count), and a plan of a large hospital has hundreds of sessions.
    session_rows = [_session_row(s, today) for s in all_sessions]
    group_rows = [_group_row(s, groups[s["id"]]) for s in all_sessions if s["id"] in groups]
    with_names = len(cov.to_train) <= NAMES_LIMIT
    still = t.still_to_train(db, today, cov)
    to_train_rows = (_to_train_rows(cov, still, with_names),
                     _to_train_rows(cov, still, with_names, booked=True))

    def story():
        out: list = [p(_("Training plan"), "title")]
        out.append(_plan_summary(db, settings, cov, all_sessions, today, width))
        out += _to_do_first(cov, without)
        out += _plan_coverage(cov, width)
        out += _plan_referents(refs, untrained_refs, without, width)
        out += _plan_sessions(all_sessions, session_rows, group_rows, width)
        out += _plan_to_train(cov, to_train_rows, with_names, width)
        return out

    return build_pdf(path, info, story)


def _trainer(s: dict) -> str:
    """« Internal trainer — Name » for a session."""
    trainer = t.label(t.TRAINER_KINDS, s["trainer_kind"])
    if s["trainer_name"]:
        trainer += " — " + s["trainer_name"]
    return trainer


def _session_row(s: dict, today: dt.date) -> list[str]:
    """A line of « Sessions by date »: when, module, trainer, room, people, present."""
    held = t.is_held(s, today)
    people = (_("{count} / {capacity}").format(count=s["booked"], capacity=s["capacity"])
              if s["capacity"] else str(s["booked"]))
    present = (str(s["present"]) if not s["pending"] else
               ngettext("{count} attendance to record", "{count} attendances to record",
                        s["pending"]).format(count=s["pending"])) if held else ""
    return [t.when(s), s["module_name"], _trainer(s), s["room"] or "", people, present]


def _group_row(s: dict, people: list[dict]) -> list[str]:
    """A line of the groups of the coming weeks: the session and the people booked on it."""
    names = "; ".join(_("{name} ({unit})").format(name=t.person_name(x), unit=x["unit_name"] or "—")
                      for x in people) or _("Nobody booked yet.")
    count = (_("{count} / {capacity}").format(count=len(people), capacity=s["capacity"])
             if s["capacity"] else str(len(people)))
    return [t.when(s), s["module_name"], s["room"] or "", count, names]


def _to_train_rows(cov: t.Coverage, still: t.StillToTrain, with_names: bool,
                   booked: bool = False) -> list[list[str]]:
    """People still to train by unit and module: unit, module, count, names (or ""). The modules
    they still have to be invited to, or (``booked``) those of a session to come they are
    enrolled in, each name followed by the session's day."""
    module_names = {m["id"]: m["name"] for m in cov.modules}
    to_train: dict[tuple[str, int], list[str]] = {}
    for person in still.to_invite + still.enrolled:
        label = t.person_name(person)
        if person["shift"] == "night":
            label += " " + _("(night)")
        modules = person["booked"] if booked else person["to_invite"]
        for module_id in modules:
            text = (_("{name} ({date})").format(name=label, date=format_date(modules[module_id]))
                    if booked else label)
            to_train.setdefault((person["unit_name"] or "—", module_id), []).append(text)
    return [[unit_name, module_names[module_id], str(len(people)),
             ", ".join(people) if with_names else ""]
            for (unit_name, module_id), people in sorted(
                to_train.items(), key=lambda item: (collation_key(item[0][0]),
                                                    collation_key(module_names[item[0][1]])))]


def _plan_summary(db, settings: dict, cov: t.Coverage, all_sessions: list[dict], today: dt.date,
                  width: float):
    """The key figures at the top of the plan."""
    app_name = ""
    if settings["application_id"]:
        row = db.execute("SELECT name FROM application WHERE id = ?",
                         [settings["application_id"]]).fetchone()
        app_name = row[0] if row else ""
    overall = cov.overall
    held = sum(1 for s in all_sessions if t.is_held(s, today))
    pairs = [(_("Facility"), t.facility_name(db)),
             (_("Application"), app_name or "—"),
             (_("Go-live date"), format_date(settings["go_live_date"]) if settings["go_live_date"] else "—"),
             (_("Target per unit"), f"{settings['target_percent']} %"),
             (_("Trainings done"), ngettext("{ratio} ({trained} of {needed} person-module)",
                                            "{ratio} ({trained} of {needed} person-modules)",
                                            overall.needed).format(
                 ratio=format_percent(overall.ratio) if overall.needed else "—",
                 trained=overall.trained, needed=overall.needed)),
             (_("Sessions"), _("{past}, {upcoming}").format(
                 past=ngettext("{count} session held", "{count} sessions held", held).format(count=held),
                 upcoming=_("{count} to come").format(count=len(all_sessions) - held)))]
    if settings["notes"]:
        pairs.append((_("Notes"), settings["notes"]))
    return key_values(pairs, width)


def _to_do_first(cov: t.Coverage, without: list[dict]) -> list:
    """Units without référent and units below the target, when there are any."""
    out: list = []
    below = [r for r in cov.readiness if r.people and not r.meets_target]
    if below or without:
        out.append(heading(_("To do first"), 2))
        for unit in without:
            out.append(p("• " + _("The unit {name} has no référent.").format(name=unit["name"]), "warn"))
        if below:
            out.append(p("• " + _("Below the {target} % target: {units}.").format(
                target=cov.target_percent, units=", ".join(_("{name} {ratio}").format(
                    name=r.name, ratio=format_percent(r.ratio)) for r in below)), "warn"))
    return out


def _plan_coverage(cov: t.Coverage, width: float) -> list:
    """« Coverage by unit »: the matrix with its legend, or why there is none."""
    if cov.units and cov.modules:
        return [KeepTogether([heading(_("Coverage by unit"), 1), _legend(cov.target_percent),
                              coverage_table(cov, width)])]
    return [heading(_("Coverage by unit"), 1),
            p(_("No unit or no training module yet: the coverage is shown once both "
                "are entered."), "muted")]


def _plan_referents(refs: list[dict], untrained_refs: list[dict], without: list[dict],
                    width: float) -> list:
    """« Référents »: who, where, since when, their mission and what they still miss."""
    out: list = [heading(_("Référents"), 1)]
    if refs:
        rows = [[_("Unit"), _("Référent"), _("Profile"), _("Since"), _("Mission"), _("Still to follow")]]
        missing = {r["id"]: r["missing"] for r in untrained_refs}
        for r in refs:
            rows.append([r["unit_name"], t.person_name(r), t.label(t.PROFILES, r["profile"]),
                         format_date(r["start_date"]), r["mission"] or "",
                         ", ".join(missing.get(r["id"], [])) or _("Trained")])
        out.append(table(rows, [1.5, 1.5, 1.2, 1.0, 2.6, 1.8], total_width=width))
    else:
        out.append(p(_("No référent named yet."), "muted"))
    if without:
        out.append(Spacer(1, 2 * mm))
        out.append(p(_("Units without référent: {names}.").format(
            names=", ".join(u["name"] for u in without)), "warn"))
    return out


def _plan_sessions(all_sessions: list[dict], session_rows: list[list[str]],
                   group_rows: list[list[str]], width: float) -> list:
    """« Sessions by date », then the groups of the sessions of the coming weeks."""
    out: list = long_heading(_("Sessions by date"))
    if not all_sessions:
        out.append(p(_("No session planned yet."), "muted"))
    else:
        rows = [[_("Date"), _("Module"), _("Trainer"), _("Room"), _("People"), _("Present")]]
        rows += session_rows
        out.append(fast_table(rows, [1.5, 2.2, 2.2, 1.8, 0.8, 0.9], width, {0, 4, 5}))
    if group_rows:
        out += long_heading(_("Groups of the sessions of the next {days} days").format(days=GROUP_DAYS))
        out.append(fast_table([[_("Date"), _("Module"), _("Room"), _("People"), _("Participants")]]
                              + group_rows, [1.5, 1.8, 1.5, 0.8, 4.6], width, {0, 3}))
    return out


def _plan_to_train(cov: t.Coverage, to_train_rows: tuple[list[list[str]], list[list[str]]],
                   with_names: bool, width: float) -> list:
    """« People still to train »: by unit and module, those to invite apart from those enrolled
    in a session to come, with the names up to NAMES_LIMIT people."""
    out: list = []
    if not cov.to_train:
        return out
    out += long_heading(_("People still to train"))
    out.append(p(ngettext("By unit and module ({count} person in all): first the people to invite to the "
                          "next sessions, then those already enrolled in a session to come.",
                          "By unit and module ({count} people in all): first the people to invite to the "
                          "next sessions, then those already enrolled in a session to come.",
                          len(cov.to_train)).format(count=len(cov.to_train)), "small"))
    if not with_names:
        out.append(p(_("The names are in the invitations by unit (si-local print invitations, "
                       "or Print… › Invitations on the Training page)."), "small"))
    for title, rows, empty in (
            (_("To invite"), to_train_rows[0], _("Nobody left to invite: everyone still to train "
                                                 "is enrolled in a session to come.")),
            (_("Enrolled in a session to come (date)"), to_train_rows[1],
             _("Nobody enrolled in a session to come yet."))):
        out.append(heading(title, 2))
        if not rows:
            out.append(p(empty, "muted"))
        elif with_names:
            out.append(fast_table([[_("Unit"), _("Module"), _("People"), _("Names")]] + rows,
                                  [1.5, 1.6, 0.8, 5.0], width, {2}))
        else:
            out.append(fast_table([[_("Unit"), _("Module"), _("People")]] + [r[:3] for r in rows],
                                  [2.0, 2.4, 0.8], width * 0.7, {2}))
    return out


def _sheet(db, s: dict, people: list[dict], width: float, facility: str) -> list:
    trainer = t.label(t.TRAINER_KINDS, s["trainer_kind"])
    if s["trainer_name"]:
        trainer += " — " + s["trainer_name"]
    start = t._parse(s["starts_at"])
    details = [
        (_("Facility"), facility),
        (_("Module"), s["module_name"] + (f" ({s['application_name']})" if s.get("application_name") else "")),
        (_("Date"), _("{date}, {start}–{end}").format(
            date=format_date(start.date(), "EEEE d MMMM yyyy"), start=start.strftime("%H:%M"),
            end=t._parse(s["ends_at"]).strftime("%H:%M"))),
        (_("Room"), s["room"] or ""),
        (_("Trainer"), trainer),
    ]
    rows = [[t.person_name(person), person["unit_name"] or "", t.label(t.PROFILES, person["profile"])]
            for person in people]
    # blank lines for walk-ins: at least WALK_IN_LINES, and up to the capacity of the session
    blank = max(WALK_IN_LINES, (s["capacity"] or 0) - len(people))
    return sign_in_sheet(
        details, [_("Name"), _("Unit"), _("Profile")], rows, blank, [2.3, 1.9, 1.5], width,
        _("The last lines are for people who come without being booked: name, unit, "
          "profile and signature."), (_("Trainer's signature"), _("Number of people present")))


def upcoming_session_ids(db, today: dt.date) -> list[int]:
    return [s["id"] for s in t.upcoming_sessions(db, today)]


def print_attendance(db, path: Path | str, session_ids: list[int] | None = None,
                     today: dt.date | None = None) -> int:
    """One sign-in sheet per session (a session starts a new page; a long list continues on the
    next page with the column headings repeated). Every upcoming session when no id is given."""
    today = today or clock.today()
    if session_ids is None:
        session_ids = upcoming_session_ids(db, today)
        if not session_ids:
            raise UserError(_("No upcoming session: nothing to print."))
    chosen = [t.get_session(db, sid) for sid in session_ids]
    people = {s["id"]: t.participants(db, s["id"]) for s in chosen}
    info = _info(db, _("Sign-in sheets"), today)
    width = frame_width(info)
    facility = t.facility_name(db)

    def story():
        out: list = []
        for index, s in enumerate(chosen):
            if index:
                out.append(PageBreak())
            out += _sheet(db, s, people[s["id"]], width, facility)
        return out

    return build_pdf(path, info, story)


def print_invitations(db, path: Path | str, today: dt.date | None = None,
                      unit_ids: list[int] | None = None) -> int:
    """For each unit, a page for its manager: who is booked on which upcoming session, and who
    still needs a module without being booked."""
    today = today or clock.today()
    units = [u for u in t.units(db) if unit_ids is None or u["id"] in unit_ids]
    if not units:
        raise UserError(_("No unit: nothing to print."))
    upcoming = t.upcoming_sessions(db, today)
    by_unit: dict[int, list[tuple[dict, dict]]] = {}
    for s in upcoming:
        for person in _rows_with_unit(db, s["id"]):
            by_unit.setdefault(person["unit_id"], []).append((s, person))
    cov = t.coverage(db)
    module_names = {m["id"]: m["name"] for m in cov.modules}
    info = _info(db, _("Invitations by unit"), today)
    width = frame_width(info)

    def story():
        out: list = []
        for index, unit in enumerate(units):
            if index:
                out.append(PageBreak())
            out.append(p(_("Training invitations — {unit}").format(unit=unit["name"]), "h1"))
            out.append(p(_("For {manager}. Please release these people at the times shown and tell "
                           "the training team about any change.").format(
                               manager=unit["manager_name"] or _("the unit manager")), "body"))
            rows = [[_("Date"), _("Module"), _("Room"), _("Name"), _("Profile")]]
            for s, person in by_unit.get(unit["id"], []):
                rows.append([t.when(s), s["module_name"], s["room"] or "", t.person_name(person),
                             t.label(t.PROFILES, person["profile"])])
            if len(rows) > 1:
                out.append(table(rows, [1.5, 2.2, 1.8, 1.7, 1.2], total_width=width))
            else:
                out.append(p(_("Nobody of this unit is booked on a session to come."), "muted"))
            waiting = [x for x in cov.to_train if x["unit_id"] == unit["id"]]
            booked_ids = {person["id"] for _s, person in by_unit.get(unit["id"], [])}
            waiting = [x for x in waiting if x["id"] not in booked_ids]
            if waiting:
                out.append(heading(_("Still to train, not booked yet"), 2))
                rows = [[_("Name"), _("Profile"), _("Shift"), _("Modules")]]
                for x in waiting:
                    rows.append([t.person_name(x), t.label(t.PROFILES, x["profile"]),
                                 t.label(t.SHIFTS, x["shift"]),
                                 ", ".join(module_names[m] for m in x["missing"])])
                out.append(table(rows, [1.7, 1.2, 0.6, 3.0], total_width=width))
            else:
                out.append(heading(_("Still to train, not booked yet"), 2))
                out.append(p(_("Nobody else of this unit still needs a module."), "muted"))
        return out

    return build_pdf(path, info, story)


def _rows_with_unit(db, session_id: int) -> list[dict]:
    return [dict(r) for r in db.query(
        """SELECT st.id, st.last_name, st.first_name, st.profile, st.unit_id
           FROM training_participant p JOIN training_staff st ON st.id = p.staff_id
           WHERE p.session_id = ? AND p.attendance = 'pending'
           ORDER BY st.last_name COLLATE FRENCH, st.first_name COLLATE FRENCH""", [session_id])]


__all__ = ["PRIMARY", "print_attendance", "print_invitations", "print_plan"]
