"""``si-local readiness``: the table, --json, declare and withdraw, one-line errors."""

from __future__ import annotations

import json

from support import run_cli


def test_readiness_lists_every_expectation_with_its_status(demo_path):
    result = run_cli("readiness", "--db", str(demo_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "seul le texte officiel fait foi" in out
    assert "fournie avec SI Local" in out
    assert "Satisfaite" in out and "Manquante" in out and "Déclarée" in out
    assert "care-d2-restore-test" in out and "Test de restauration du" in out
    assert "À faire" in out


def test_readiness_json_declare_and_withdraw(demo_path, tmp_path):
    document = tmp_path / "vlan.pdf"
    document.write_bytes(b"%PDF-1.4 plan")
    result = run_cli("readiness", "declare", "care-d2-backup-segmentation", "--db", str(demo_path),
                     "--by", "Marie Durand", "--note", "VLAN dédié", "--document", str(document))
    assert result.returncode == 0, result.stderr
    assert "déclarée par Marie Durand" in result.stdout
    data = json.loads(run_cli("readiness", "--db", str(demo_path), "--json").stdout)
    assert data["list"]["origin"] == "shipped"
    states = {e["id"]: e for e in data["expectations"]}
    seg = states["care-d2-backup-segmentation"]
    assert seg["state"] == "declared" and seg["declaration"]["by"] == "Marie Durand"
    assert seg["declaration"]["document"] == str(document.resolve())
    assert len(seg["declaration"]["sha256"]) == 64
    assert states["care-d2-restore-test"]["evidence"][0]["kind"] == "restore-tests"
    assert states["care-d2-backup-segmentation"]["todo"] is None
    result = run_cli("readiness", "withdraw", "care-d2-backup-segmentation", "--db", str(demo_path),
                     "--by", "Marie Durand", "--note", "VLAN supprimé")
    assert result.returncode == 0, result.stderr
    data = json.loads(run_cli("readiness", "--db", str(demo_path), "--json").stdout)
    seg = {e["id"]: e for e in data["expectations"]}["care-d2-backup-segmentation"]
    assert seg["state"] == "missing" and seg["todo"]


def test_errors_are_one_line_with_a_non_zero_exit(demo_path, tmp_path):
    for args in (("declare", "nothing-like-it", "--by", "Marie"),
                 ("withdraw", "care-d2-backup-segmentation", "--by", "Marie"),
                 ("declare", "care-d2-backup-segmentation", "--by", "Marie",
                  "--document", str(tmp_path / "absent.pdf"))):
        result = run_cli("readiness", *args, "--db", str(demo_path))
        assert result.returncode != 0
        assert result.stderr.startswith("si-local: ") and result.stderr.count("\n") == 1, result.stderr
    result = run_cli("readiness", "--db", str(tmp_path / "absent.sqlite"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
