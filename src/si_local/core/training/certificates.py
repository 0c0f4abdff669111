"""What a training certificate (attestation de formation) says, and who may have one: only a
person marked *present* at the session, never someone absent, excused or not recorded yet."""

from __future__ import annotations

from ..errors import UserError
from ..i18n import _
from .common import _rows, fold, person_name
from .people import get_staff


def find_staff(db, name: str) -> dict:
    """The one person called ``name`` (« MARTIN Claire », « Claire Martin », or a last name
    alone when only one person has it); accents and case do not matter."""
    wanted = fold(name)
    if not wanted:
        raise UserError(_("Give the name of a person."))
    people = _rows(db, "SELECT id, last_name, first_name FROM training_staff ORDER BY id")
    found = [p for p in people if wanted in (fold(f"{p['last_name']} {p['first_name']}"),
                                             fold(f"{p['first_name']} {p['last_name']}"))]
    if not found:
        found = [p for p in people if fold(p["last_name"]) == wanted]
    if not found:
        raise UserError(_("Nobody called « {name} » in the staff list.").format(name=name))
    if len(found) > 1:
        raise UserError(_("Several people are called « {name} »: {names}. Give the first and last "
                          "name.").format(name=name, names=", ".join(person_name(p) for p in found)))
    return found[0]


def _attended_rows(db, staff_id: int, session_id: int | None) -> list[dict]:
    return _rows(db, f"""
        SELECT s.id, s.starts_at, s.ends_at, s.trainer_kind, s.trainer_name, s.room,
               m.name AS module_name, m.duration_minutes, m.description AS module_description,
               a.name AS application_name, p.attendance
        FROM training_participant p JOIN training_session s ON s.id = p.session_id
        JOIN training_module m ON m.id = s.module_id
        LEFT JOIN application a ON a.id = m.application_id
        WHERE p.staff_id = ? {"AND s.id = ?" if session_id is not None else ""}
        ORDER BY s.starts_at, s.id""", [staff_id] + ([session_id] if session_id is not None else []))


def certificate_sessions(db, staff_id: int, session_id: int | None = None) -> tuple[dict, list[dict]]:
    """The person and the sessions a certificate covers: ``session_id`` alone, or every session
    they were present at. Refused (:class:`UserError`) for a person not marked present."""
    get_staff(db, staff_id)  # a clear message when the person no longer exists
    person = _rows(db, "SELECT st.*, u.name AS unit_name FROM training_staff st "
                       "LEFT JOIN training_unit u ON u.id = st.unit_id WHERE st.id = ?", [staff_id])[0]
    name = person_name(person)
    rows = _attended_rows(db, staff_id, session_id)
    if session_id is not None:
        if not rows:
            raise UserError(_("{name} was not booked on this session: no certificate.").format(name=name))
        if rows[0]["attendance"] != "present":
            raise UserError(_("{name} is not marked present at this session: a certificate is only "
                              "for people present.").format(name=name))
        return person, rows
    present = [r for r in rows if r["attendance"] == "present"]
    if not present:
        raise UserError(_("{name} is marked present at no session yet: no certificate.").format(name=name))
    return person, present
