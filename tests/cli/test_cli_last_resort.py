"""The last line of defence of the command line: an incomplete installation (no resources folder,
so no catalogue either) or an error nobody expected ends in one line and exit code 70, never a
traceback; a catalogue that cannot be read leaves the messages in English."""

from __future__ import annotations

import pytest

from si_local import cli
from si_local.core import i18n, paths

EXIT_UNEXPECTED = 70


@pytest.fixture
def no_resources(tmp_path, monkeypatch):
    """The program as installed somewhere without its resources folder: every place
    resources_dir() looks at is derived from paths.__file__."""
    monkeypatch.setattr(paths, "__file__", str(tmp_path / "lib" / "si_local" / "core" / "paths.py"))
    i18n.load_catalogue.cache_clear()
    with pytest.raises(FileNotFoundError):
        paths.resources_dir()
    yield
    monkeypatch.undo()
    i18n.load_catalogue.cache_clear()


def test_without_the_catalogue_messages_stay_in_english(no_resources):
    assert i18n.get_language() == "fr"
    assert i18n.load_catalogue("fr") == {}
    assert i18n._("unexpected error") == "unexpected error"


def test_a_broken_catalogue_file_is_skipped_not_fatal(tmp_path, monkeypatch):
    folder = tmp_path / "i18n" / "fr"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text('msgid "interrupted"\nmsgstr "interrompu"\n', encoding="utf-8")
    # a line Babel cannot read: the whole file is skipped (not its first entries only)
    (folder / "b.po").write_text('msgid "unexpected error"\nmsgstr "x"\nnot a PO line\n',
                                 encoding="utf-8")
    (folder / "c.po").write_bytes(b'msgid "details in"\nmsgstr "\xff\xfe"\n')
    monkeypatch.setattr(i18n, "catalogue_dir", lambda lang: tmp_path / "i18n" / lang)
    i18n.load_catalogue.cache_clear()
    try:
        assert i18n.load_catalogue("fr") == {"interrupted": "interrompu"}
        assert i18n._("unexpected error") == "unexpected error"
    finally:
        i18n.load_catalogue.cache_clear()


def test_no_resources_ends_in_one_line_and_exit_70(no_resources, tmp_path, capsys):
    """The handler translates its own words: with no catalogue it must still say its line (the
    whole program, installed without resources: tests/packaging/test_wheel_install.py)."""
    try:
        paths.resources_dir()
    except FileNotFoundError as exc:
        code = cli._last_resort(exc, tmp_path / "si-local.log")
    err = capsys.readouterr().err
    assert code == EXIT_UNEXPECTED
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("si-local: unexpected error: SI Local resources folder not found")
    assert lines[0].endswith(f"(details in {tmp_path / 'si-local.log'})")


def test_help_without_resources_is_the_english_help(no_resources, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--help"])
    out, err = capsys.readouterr()
    assert stop.value.code == 0
    assert out.startswith("usage: si-local")
    assert err == ""


class _Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no words for it")


def test_the_last_resort_survives_an_exception_without_words(tmp_path, capsys):
    code = cli._last_resort(_Unprintable(), tmp_path / "si-local.log")
    err = capsys.readouterr().err
    assert code == EXIT_UNEXPECTED
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "_Unprintable" in err


def test_a_multi_line_message_is_printed_on_one_line(capsys):
    assert cli._last_resort(ValueError("first\nsecond"), None) == EXIT_UNEXPECTED
    err = capsys.readouterr().err
    assert err == "si-local: erreur inattendue: first second\n"
