import json

from support import run_cli


def test_demo_then_list_vms_json(tmp_path):
    path = tmp_path / "x.sqlite"
    out = run_cli("demo", str(path))
    assert out.returncode == 0, out.stderr
    out = run_cli("list", "vms", "--db", str(path), "--format", "json")
    assert out.returncode == 0, out.stderr
    vms = json.loads(out.stdout)
    assert len(vms) == 7
    assert {vm["server"] for vm in vms} == {"SRV-HYP-01"}
    assert "VM-DPI01" in {vm["name"] for vm in vms}


def test_demo_refuses_to_overwrite(tmp_path):
    path = tmp_path / "x.sqlite"
    path.write_bytes(b"")
    out = run_cli("demo", str(path))
    assert out.returncode != 0
    assert "existe déjà" in out.stderr
    assert "Traceback" not in out.stderr


def test_check_sound_then_damaged_copy(tmp_path, demo_path):
    out = run_cli("check", "--db", str(demo_path))
    assert out.returncode == 0, out.stderr
    assert "Intégrité" in out.stdout
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(demo_path.read_bytes())
    data[4096 * 3: 4096 * 5] = b"\xff" * 8192
    damaged.write_bytes(bytes(data))
    out = run_cli("check", "--db", str(damaged))
    assert out.returncode == 1
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_check_on_missing_file(tmp_path):
    out = run_cli("check", "--db", str(tmp_path / "nope.sqlite"))
    assert out.returncode == 1
    assert not (tmp_path / "nope.sqlite").exists()


def test_list_csv_and_table(demo_path):
    out = run_cli("list", "servers", "--db", str(demo_path), "--format", "csv")
    assert out.returncode == 0
    assert out.stdout.splitlines()[0].startswith("Nom;Site")
    out = run_cli("list", "backups", "--db", str(demo_path))
    assert "Sauvegarde nocturne sur NAS" in out.stdout


def test_argparse_speaks_french_on_one_line(tmp_path):
    result = run_cli("list", "--db", str(tmp_path / "x.sqlite"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "si-local list : erreur : arguments obligatoires manquants : CATÉGORIE"]
    wrong = run_cli("list", "machines", "--db", str(tmp_path / "x.sqlite"))
    assert "choix non valable : 'machines' (choisissez parmi 'sites'" in wrong.stderr
    help_text = run_cli("list", "--help").stdout
    assert help_text.startswith("utilisation : si-local list")
    assert "afficher cette aide et quitter" in help_text and "positional" not in help_text
