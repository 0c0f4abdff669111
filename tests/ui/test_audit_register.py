"""The audit trail reads like a register, in French: the kind of record, its name, the labels of
the fields and the values as the lists show them — in the window, `si-local audit` and the CSV
export (which keeps the raw columns for auditors)."""

from __future__ import annotations

import csv

from si_local.core import continuity, registry as reg, training as t
from si_local.core.audit_register import Register, field_label, table_label

NBSP = "\u00a0"


def _changes(db) -> dict[str, str]:
    """Update then delete a server, a staff member and a scenario step of the demo; the register
    lines expected for them."""
    server = db.execute("SELECT id FROM server WHERE name = 'SRV-HYP-01'").fetchone()[0]
    record = reg.get(db, reg.SERVERS, server)
    before = record["warranty_end"]
    reg.save(db, reg.SERVERS, {**record, "warranty_end": "2028-06-30"}, record_id=server)
    old = reg.save(db, reg.SERVERS, {"name": "SRV-OLD"})
    reg.save(db, reg.SERVERS, {"ram_gb": 64}, record_id=old)
    reg.delete(db, reg.SERVERS, old)

    staff = t.staff(db)[0]
    t.save_staff(db, {**staff, "shift": "night" if staff["shift"] == "day" else "day"},
                 staff_id=staff["id"])
    gone = t.save_staff(db, {"last_name": "Gérard", "first_name": "Anne", "profile": "nurse"})
    t.save_staff(db, {"last_name": "Gérard", "first_name": "Anne", "profile": "doctor"},
                 staff_id=gone)
    t.delete_staff(db, gone)

    scenario = db.execute("SELECT id FROM continuity_scenario ORDER BY id LIMIT 1").fetchone()[0]
    step = continuity.steps(db, scenario)[0]
    continuity.save_step(db, {**step, "title": "Prévenir l’astreinte"}, step_id=step["id"])
    continuity.delete_step(db, step["id"])
    name = f"{staff['last_name'].upper()} {staff['first_name']}"
    d, m, y = before[8:10], before[5:7], before[:4]
    return {
        "server": f"Serveur physique SRV-HYP-01{NBSP}: Fin de garantie {d}/{m}/{y} → 30/06/2028",
        "server gone": "Serveur physique SRV-OLD (supprimé)",
        "server changed then gone": f"Serveur physique SRV-OLD (supprimé){NBSP}: Mémoire vive "
                                    "(vide) → 64 Go",
        "staff": f"Personnel {name}{NBSP}: ",
        "staff gone": "Personnel GÉRARD Anne (supprimé)",
        "staff changed then gone": f"Personnel GÉRARD Anne (supprimé){NBSP}: Profil",
        "step": f"Étape Prévenir l’astreinte (supprimé){NBSP}: Intitulé {step['title'][:20]}",
        "step gone": "Étape Prévenir l’astreinte (supprimé)",
    }


def test_labels_are_french_never_the_sql_names():
    assert table_label("server") == "Serveur physique"
    assert table_label("continuity_step") == "Étape"
    assert table_label("training_module_profile") == "Profil d’un module de formation"
    assert field_label("server", "warranty_end") == "Fin de garantie"
    assert field_label("training_staff", "last_name") == "Nom"
    assert field_label("continuity_step", "expected_minutes") == "Durée prévue"
    assert field_label("continuity_step", "scenario_id") == "Scénario"
    assert table_label("some_new_table") == "Some new table"  # readable, never some_new_table


def test_the_register_lines_of_the_demo(demo_db):
    expected = _changes(demo_db)
    register = Register(demo_db)
    lines = [register.line(e) for e in _entries(demo_db)]
    for key, line in expected.items():
        assert any(got.startswith(line) for got in lines), (key, line, lines)
    shift = next(got for got in lines if got.startswith(expected["staff"]))
    assert "Horaire Jour → Nuit" in shift or "Horaire Nuit → Jour" in shift


def _entries(db) -> list[dict]:
    from si_local.core import audit

    return audit.query(db, limit=200)


def test_si_local_audit_prints_the_register_and_exports_it(demo_path, tmp_path):
    from si_local.core.db import open_database
    from support import run_cli

    db = open_database(demo_path)
    try:
        expected = _changes(db)
    finally:
        db.close()
    done = run_cli("audit", "--db", str(demo_path))
    assert done.returncode == 0, done.stderr
    for line in (expected["server"], expected["server gone"], expected["staff gone"],
                 expected["step gone"]):
        assert line in done.stdout, line
    assert "\tserver\t" not in done.stdout and "warranty_end" not in done.stdout
    target = tmp_path / "journal.csv"
    done = run_cli("audit", "--db", str(demo_path), "--table", "server", "-o", str(target))
    assert done.returncode == 0, done.stderr
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [r["description"] for r in rows[:3]] == [
        expected["server gone"], expected["server changed then gone"],
        f"Serveur physique SRV-OLD (supprimé){NBSP}: création"]
    assert rows[3]["description"] == expected["server"]
    # the raw columns stay, for auditors
    assert rows[3]["table"] == "server" and rows[3]["action"] == "update"
    assert '"warranty_end":"2028-06-30"' in rows[3]["after"]


def test_the_audit_view_shows_the_register(qtbot, demo_ctx, tmp_path):
    from PySide6.QtCore import Qt

    from si_local.ui.sections.audit import AuditView

    expected = _changes(demo_ctx.db)
    view = AuditView(demo_ctx)
    qtbot.addWidget(view)
    view.show()
    combo = [view.table_combo.itemText(i) for i in range(view.table_combo.count())]
    assert "Serveur physique" in combo and "Étape" in combo and "server" not in combo
    view.table_combo.setCurrentIndex(view.table_combo.findData("server"))
    model = view.view.model()
    shown = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert shown[0] == expected["server gone"] and expected["server"] in shown
    assert model.index(0, 2).data() == "suppression"
    row = shown.index(expected["server"])
    view.view.setFocus()
    view.view.selectRow(row)
    qtbot.keyClick(view.view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    view.view.selectRow(row)
    detail = view.detail.toPlainText().replace(NBSP, " ")  # (Qt gives no-break spaces as spaces)
    assert "serveur physique SRV-HYP-01" in detail
    assert "Fin de garantie : " in detail and "→ 30/06/2028" in detail
    target = view.export(str(tmp_path / "journal.csv"))
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:7] == ["id", "at", "os_user", "table", "row_id", "action", "description"]
    assert rows[1][6] == expected["server gone"]
