"""The command line speaks French everywhere: ``list`` shows what ``export csv`` writes (French
headers and values, dates dd/mm/yyyy), every option has a French help line, kinds are named the
same way by ``list`` and ``audit --table``, and ``--db`` may come before the sub-command."""

from __future__ import annotations

import argparse
import csv
import io
import re
from pathlib import Path

import pytest

from si_local import cli
from si_local.cli import kinds
from si_local.core import i18n
from si_local.core import registry as reg


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# --- list = export csv ------------------------------------------------------------------------

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")


@pytest.mark.parametrize("kind", reg.LISTABLE)
def test_list_csv_is_the_export(capsys, demo_path, tmp_path, kind):
    exported = tmp_path / "export.csv"
    assert _run(capsys, "export", "csv", "--db", str(demo_path), "--table", kind,
                "-o", str(exported))[0] == 0
    code, out, err = _run(capsys, "list", kind, "--db", str(demo_path), "--format", "csv")
    assert code == 0, err
    assert out.replace("\r\n", "\n") == exported.read_text(encoding="utf-8-sig").replace("\r\n", "\n")


@pytest.mark.parametrize("kind", reg.LISTABLE)
def test_list_table_speaks_like_the_export(capsys, demo_path, tmp_path, kind):
    import json

    exported = tmp_path / "export.csv"
    _run(capsys, "export", "csv", "--db", str(demo_path), "--table", kind, "-o", str(exported))
    header, *rows = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8-sig")),
                                    delimiter=";"))
    stored = json.loads(_run(capsys, "list", kind, "--db", str(demo_path), "--format", "json")[1])
    code, out, err = _run(capsys, "list", kind, "--db", str(demo_path))
    assert code == 0, err
    lines = out.splitlines()
    k = reg.kind(kind)
    shown = [f for f in k.fields if f.in_list]
    # the header line: the export's French labels, never the stored names (ram_gb)
    for f in shown:
        assert i18n._(f.label) in header and i18n._(f.label) in lines[0]
        if f.name != i18n._(f.label):
            assert not re.search(rf"\b{re.escape(f.name)}\b", lines[0]), (f.name, lines[0])
    body = "\n".join(lines[1:])
    assert len(rows) == len(stored) and lines[-1].startswith(f"{len(rows)} fiche")
    for row, record in zip(rows, stored, strict=True):
        for f in shown:
            value = row[header.index(i18n._(f.label))]
            if f.type in ("int", "float", "date", "datetime"):  # with its unit, dd/mm/yyyy
                expected = reg.display_value(f, record[f.name])
                assert expected in body, (f.name, expected)
                if ISO.match(value):
                    assert value not in body, f"ISO date {value} in « list »"
            elif value:  # French choices (« Vitale », not « vital »), names of references
                assert value.split("|")[0] in body, (f.name, value)
    assert "/high" not in body and "vital/" not in body


def test_list_table_shows_french_choices_and_dates(capsys, demo_path):
    code, out, _err = _run(capsys, "list", "applications", "--db", str(demo_path))
    assert code == 0
    assert "Criticité" in out or "Critici" in out
    assert "vital" not in out.split("\n", 1)[1].lower().split() or "Vitale" in out
    code, out, _err = _run(capsys, "list", "restore-tests", "--db", str(demo_path))
    assert code == 0
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", out)
    assert re.search(r"\b\d{2}/\d{2}/\d{4}\b", out)


# --- help lines -------------------------------------------------------------------------------

def _walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(path, parser) for the parser and every sub-command, depth first."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(sub, path + (name,))


def _helps(lang: str, monkeypatch) -> dict[tuple, str | None]:
    # the kinds' names differ between languages: kept out, so that a help line left in English
    # around them is seen
    monkeypatch.setattr(kinds, "names_help", lambda: "KINDS")
    i18n.set_language(lang)
    try:
        parser = cli.build_parser()
    finally:
        i18n.set_language("fr")
    helps = {}
    for path, p in _walk(parser):
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    helps[path + ("command", choice.dest)] = choice.help
                continue
            key = path + (tuple(action.option_strings) or action.dest,)
            helps[key] = action.help
    return helps


def test_every_option_of_every_command_has_a_french_help_line(monkeypatch):
    french, english = _helps("fr", monkeypatch), _helps("en", monkeypatch)
    assert set(french) == set(english)
    missing = [" ".join(map(str, k)) for k, text in french.items()
               if not text or text == argparse.SUPPRESS]
    assert not missing, "no help line: " + "; ".join(missing)
    untranslated = [f"{' '.join(map(str, k))}: {text}" for k, text in french.items()
                    if text == english[k]]
    assert not untranslated, "English help: " + "; ".join(untranslated)


def test_version_help_is_french(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser(with_commands=False).parse_args(["--help"])
    out = capsys.readouterr().out
    assert "show program's version number and exit" not in out
    assert "numéro de version" in out


# --- kind names: list and audit --table -------------------------------------------------------

def test_list_and_audit_accept_the_same_french_and_english_names(capsys, demo_path):
    code, by_key, err = _run(capsys, "list", "servers", "--db", str(demo_path), "--format", "csv")
    assert code == 0, err
    code, by_french, err = _run(capsys, "list", "serveurs-physiques", "--db", str(demo_path),
                                "--format", "csv")
    assert code == 0, err
    assert by_french == by_key
    code, audit_key, err = _run(capsys, "audit", "--db", str(demo_path), "--table", "servers")
    assert code == 0, err
    assert audit_key.strip(), "the servers' audit entries are found by the kind's name"
    code, audit_french, err = _run(capsys, "audit", "--db", str(demo_path), "--table",
                                   "Serveurs physiques")
    assert code == 0, err
    assert audit_french == audit_key
    code, audit_table, _err = _run(capsys, "audit", "--db", str(demo_path), "--table", "server")
    assert audit_table == audit_key
    code, tests_fr, _err = _run(capsys, "audit", "--db", str(demo_path), "--table",
                                "tests-de-restauration")
    assert code == 0 and tests_fr.strip()


def test_list_and_audit_name_the_kinds_in_their_help(capsys):
    with pytest.raises(SystemExit):
        cli.main(["list", "--help"])
    list_help = re.sub(r"-\s+", "-", " ".join(capsys.readouterr().out.split()))
    with pytest.raises(SystemExit):
        cli.main(["audit", "--help"])
    audit_help = re.sub(r"-\s+", "-", " ".join(capsys.readouterr().out.split()))
    for name in ("servers", "serveurs-physiques", "restore-tests", "tests-de-restauration"):
        assert name in list_help
        assert name in audit_help


# --- --db before the sub-command --------------------------------------------------------------

def _filler(action: argparse.Action) -> list[str]:
    if action.choices:
        return [next(iter(action.choices))]
    return ["2026"] if action.dest == "year" else ["1"]  # a year is from 1900 to 2200


def _commands_taking_db():
    parser = cli.build_parser()
    for path, p in _walk(parser):
        options = {o for a in p._actions for o in a.option_strings}
        if not path or "--db" not in options:
            continue
        if any(isinstance(a, argparse._SubParsersAction) and a.required for a in p._actions):
            continue
        yield path, p


def test_every_command_taking_db_accepts_it_before_the_command(tmp_path):
    db = tmp_path / "base.sqlite"
    seen = []
    for path, p in _commands_taking_db():
        rest = []
        for action in p._actions:
            if action.option_strings and action.required and "--db" not in action.option_strings:
                rest += [action.option_strings[0], *_filler(action)]
            elif not action.option_strings and not isinstance(action, argparse._SubParsersAction):
                rest += _filler(action)
        for group in p._mutually_exclusive_groups:  # « one of --server, --vm … » (print impact)
            if group.required:
                first = group._group_actions[0]
                rest += [first.option_strings[0], *_filler(first)]
        for argv in (["--db", str(db), *path, *rest], [*path, *rest, "--db", str(db)]):
            try:
                args = cli.build_parser().parse_args(argv)
            except SystemExit:
                pytest.fail(f"refused: si-local {' '.join(argv)}")
            assert Path(args.db) == db, argv
        seen.append(path)
    assert ("print", "pca") in seen and ("list",) in seen and ("audit", "archive") in seen


def test_db_before_the_command_runs(capsys, demo_path, tmp_path):
    code, before, err = _run(capsys, "--db", str(demo_path), "list", "servers")
    assert code == 0, err
    assert _run(capsys, "list", "servers", "--db", str(demo_path))[1] == before
    pdf = tmp_path / "plan.pdf"
    code, _out, err = _run(capsys, "--db", str(demo_path), "print", "pca", "-o", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")


def test_db_is_still_required(capsys):
    with pytest.raises(SystemExit) as raised:
        cli.build_parser().parse_args(["list", "servers"])
    assert raised.value.code == 2
    assert "--db" in capsys.readouterr().err
