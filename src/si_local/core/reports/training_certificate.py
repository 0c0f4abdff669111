"""The training certificate (attestation de formation) of one person: the facility, the person,
each session they were present at (module, duration, date, trainer) and a signature block.
Only for people marked present (``training.certificate_sessions`` refuses the others)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.platypus import TableStyle

from .. import clock
from .. import training as t
from ..i18n import _, format_date, format_duration
from .common import (GRID, DocumentInfo, KeepTogether, Spacer, Table, build_pdf, frame_width,
                     key_values, mm, p, table)


def _duration(session: dict) -> str:
    """The module's duration, else the session's own length: one format (``format_duration``)."""
    minutes = session["duration_minutes"]
    if not minutes:
        length = t._parse(session["ends_at"]) - t._parse(session["starts_at"])
        minutes = int(length.total_seconds() // 60)
    return format_duration(minutes)


def _trainer(session: dict) -> str:
    trainer = t.label(t.TRAINER_KINDS, session["trainer_kind"])
    if session["trainer_name"]:
        trainer += " — " + session["trainer_name"]
    return trainer


def _module(session: dict) -> str:
    if session["application_name"]:
        return _("{module} ({application})").format(module=session["module_name"],
                                                    application=session["application_name"])
    return session["module_name"]


def _signatures(width: float, today: dt.date) -> list:
    box = Table([[p(_("The trainer (name and signature)"), "cell_bold"),
                  p(_("For the facility (name, signature and stamp)"), "cell_bold")],
                 [Spacer(1, 24 * mm), ""]], colWidths=[width / 2, width / 2])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, GRID),
                             ("INNERGRID", (0, 0), (-1, -1), 0.4, GRID),
                             ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [KeepTogether([p(_("Done at ______________________, on {date}").format(
        date=format_date(today)), "body"), Spacer(1, 2 * mm), box])]


def print_certificate(db, path: Path | str, staff_id: int, session_id: int | None = None,
                      today: dt.date | None = None) -> int:
    """The certificate of ``staff_id`` for ``session_id``, or for every session they were
    present at; returns the page count."""
    today = today or clock.today()
    person, attended = t.certificate_sessions(db, staff_id, session_id)
    facility = t.facility_name(db)
    name = t.person_name(person)
    info = DocumentInfo(title=_("Training certificate"), facility=facility, date=today,
                        subject=_("Training plan"))
    width = frame_width(info)
    rows = [[_("Module"), _("Duration"), _("Date"), _("Trainer")]]
    for s in attended:
        rows.append([_module(s), _duration(s), t.when(s), _trainer(s)])

    def story():
        out: list = [p(_("Training certificate"), "title")]
        out.append(p(_("{facility} certifies that the person named below took part in the "
                       "training listed, and was marked present at it.").format(
                           facility=facility or _("The facility")), "body"))
        out.append(Spacer(1, 3 * mm))
        out.append(key_values([(_("Facility"), facility), (_("Name"), name),
                               (_("Profile"), t.label(t.PROFILES, person["profile"])),
                               (_("Unit"), person["unit_name"] or "")], width))
        out.append(Spacer(1, 5 * mm))
        out.append(table(rows, [2.6, 0.9, 1.6, 2.2], total_width=width))
        out.append(Spacer(1, 10 * mm))
        out += _signatures(width, today)
        return out

    return build_pdf(path, info, story)


__all__ = ["print_certificate"]
