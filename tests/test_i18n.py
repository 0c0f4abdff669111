"""Every string shown to a user has a French translation."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from i18n import (catalogue_plurals, missing_plurals, shown_alone, source_plurals,  # noqa: E402
                  source_strings, unused_entries, used_strings)

from si_local.core import catalogues  # noqa: E402
from si_local.core.i18n import _, load_catalogue, set_language  # noqa: E402

FOLDER = ROOT / "resources" / "i18n" / "fr"


def test_every_source_string_has_a_french_translation():
    catalogue = load_catalogue("fr")
    strings = shown_alone(source_strings(), source_plurals())
    missing = {text: places[0] for text, places in strings.items() if text not in catalogue}
    assert not missing, "missing French translations (run tools/i18n.py missing):\n" + "\n".join(
        f"  {where}: {text!r}" for text, where in list(missing.items())[:40])


def test_every_counted_message_is_one_entry_with_both_french_forms():
    """ngettext(singular, plural, n): one entry, msgid and msgid_plural, msgstr[0] and msgstr[1];
    a form left empty is missing."""
    pairs = source_plurals()
    assert ("{count} record", "{count} records") in pairs  # the scan sees them, or proves nothing
    assert ("{n} bad line", "{n} bad lines") in pairs  # counted in a generator (csv_io.py)
    missing = missing_plurals(pairs, catalogue_plurals())
    assert not missing, "counted messages without both French forms (tools/i18n.py missing):\n" \
        + "\n".join(f"  {pairs[pair][0]}: {pair!r}" for pair in missing[:40])


def test_every_catalogue_entry_is_still_used():
    """A msgid nothing looks up any more (its text changed or went away) is taken out of its
    .po file, in every area: a catalogue that only grows hides the stale translations."""
    used = used_strings()
    # what the scan must recognise, or it proves nothing: a literal of _(), an N_() constant, a
    # kit column title translated by the kit, a text of a data file, argparse's own messages
    assert {"Registry", "servers", "Days left", "usage: "} <= used
    assert any("ARS" in text for text in used)  # resources/incidents/deadlines.json
    unused = unused_entries(used=used)
    assert not unused, "entries no source uses any more (remove them):\n" + "\n".join(
        f"  {name}: {msgid!r}" for name, msgids in unused.items() for msgid in msgids)


def test_an_entry_nothing_uses_is_found(tmp_path):
    folder = tmp_path / "fr"
    folder.mkdir()
    (folder / "a.po").write_text('msgid "Used"\nmsgstr "Utilisé"\n\n'
                                 'msgid "Gone"\nmsgstr "Parti"\n\n'
                                 'msgid "{n} cat"\nmsgid_plural "{n} cats"\nmsgstr[0] "{n} chat"\n'
                                 'msgstr[1] "{n} chats"\n', encoding="utf-8")
    assert unused_entries(folder, {"Used", "{n} cats"}) == {"a.po": ["Gone"]}


def test_a_missing_plural_form_is_missing():
    entries = {"{n} file": ("{n} files", ("{n} fichier", "")), "{n} day": ("{n} days", ("j", "js"))}
    pairs = {("{n} file", "{n} files"): [], ("{n} day", "{n} days"): [], ("{n} cat", "{n} cats"): [],
             ("{n} day", "{n} days ago"): []}
    assert missing_plurals(pairs, entries) == [
        ("{n} file", "{n} files"), ("{n} cat", "{n} cats"), ("{n} day", "{n} days ago")]


def test_every_catalogue_file_says_how_french_counts():
    for po in sorted(FOLDER.glob("*.po")):
        header = dict(catalogues.read_po(po).mime_headers)
        assert header.get("Plural-Forms") == catalogues.PLURAL_FORMS["fr"], po.name


def _entries(po: Path):
    """(source, French) of every entry of one file, each form of a counted one apart."""
    for message in catalogues.read_po(po):
        if not message.id or message.fuzzy:
            continue
        if message.pluralizable:
            yield message.id[0], message.string[0]
            for form in message.string[1:]:
                yield message.id[1], form
        elif message.string:
            yield message.id, message.string


def test_placeholders_are_kept_in_translations():
    import re

    for po in sorted(FOLDER.glob("*.po")):
        for source, french in _entries(po):
            assert set(re.findall(r"{\w*}", source)) == set(re.findall(r"{\w*}", french)), source


def test_one_source_string_has_one_french_translation_across_areas():
    """Area catalogues are merged; the same English string translated two ways would show one or
    the other depending on load order (it happened: « dossier » / « fichier d’échange »)."""
    seen: dict[str, tuple[str, str]] = {}
    conflicts = []
    for po in sorted((ROOT / "resources" / "i18n" / "fr").glob("*.po")):
        for source, french in _entries(po):
            if source in seen and seen[source][0] != french:
                conflicts.append(f"{source!r}: {seen[source][1]} « {seen[source][0]} » / "
                                 f"{po.name} « {french} »")
            seen.setdefault(source, (french, po.name))
    assert not conflicts, "\n".join(conflicts)


def _read(tmp_path, text: str) -> catalogues.Catalogue:
    folder = tmp_path / "fr"
    folder.mkdir(exist_ok=True)
    (folder / "a.po").write_text(text, encoding="utf-8")
    return catalogues.load_folder(folder)


def test_po_reader_handles_multiline_and_fuzzy(tmp_path):
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hello"\nmsgstr "Bonjour"\n\n'
        'msgid ""\n"Long "\n"line"\nmsgstr ""\n"Longue "\n"ligne"\n\n'
        '#, fuzzy\nmsgid "Maybe"\nmsgstr "Peut-être"\n'
    )
    assert _read(tmp_path, text) == {"Hello": "Bonjour", "Long line": "Longue ligne"}


def test_po_reader_escapes_as_python_reads_them(tmp_path):
    """The escapes a PO file uses, read by Babel as Python reads them."""
    import ast

    for quoted in (r'"say \"oui\""', r'"a\\b"', r'"line\nbreak\ttab"', '"« déjà » l’été"'):
        text = f'msgid "K"\nmsgstr {quoted}\n'
        assert _read(tmp_path, text) == {"K": ast.literal_eval(quoted)}, quoted


def test_a_counted_entry_gives_each_form_by_the_plural_rule(tmp_path):
    text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
            'msgid "{n} file"\nmsgid_plural "{n} files"\nmsgstr[0] "{n} fichier"\n'
            'msgstr[1] "{n} fichiers"\n\n'
            'msgid "{n} cat"\nmsgid_plural "{n} cats"\nmsgstr[0] "{n} chat"\nmsgstr[1] ""\n')
    catalogue = _read(tmp_path, text)
    assert catalogue.plurals == {"{n} file": ("{n} fichier", "{n} fichiers")}  # not half a cat
    assert [catalogue.plural(n) for n in (0, 1, 2, 1000)] == [0, 0, 1, 1]
    assert catalogue == {"{n} file": "{n} fichier"}


def test_the_compiled_catalogue_is_read_and_kept_fresh(tmp_path):
    """A .mo as recent as its .po is what is read (an installed copy has no .po at all); a .po
    changed since is compiled again, and the .mo rewritten."""
    import os

    catalogue = _read(tmp_path, 'msgid "Hello"\nmsgstr "Bonjour"\n')
    po, mo = tmp_path / "fr" / "a.po", tmp_path / "fr" / "a.mo"
    assert catalogue == {"Hello": "Bonjour"} and mo.is_file()
    po.write_text('msgid "Hello"\nmsgstr "Salut"\n', encoding="utf-8")
    os.utime(mo, ns=(po.stat().st_mtime_ns - 10**9,) * 2)  # the .mo is older
    assert catalogues.load_folder(po.parent) == {"Hello": "Salut"}
    assert mo.stat().st_mtime_ns >= po.stat().st_mtime_ns
    po.unlink()
    assert catalogues.load_folder(po.parent) == {"Hello": "Salut"}  # the .mo alone


def test_compile_folder_writes_one_mo_per_po_and_the_same_bytes_twice(tmp_path):
    first = catalogues.compile_folder(FOLDER, tmp_path / "a")
    second = catalogues.compile_folder(FOLDER, tmp_path / "b")
    assert [mo.name for mo in first] == [po.stem + ".mo" for po in sorted(FOLDER.glob("*.po"))]
    assert [mo.read_bytes() for mo in first] == [mo.read_bytes() for mo in second]
    assert catalogues.load_folder(tmp_path / "a") == load_catalogue("fr")


def test_plurals_follow_each_language():
    """French takes the singular for 0 and 1, English for 1 only; both forms are translated."""
    from si_local.core.i18n import ngettext

    def records(n):
        return ngettext("{count} record", "{count} records", n).format(count=n)

    set_language("fr")
    assert [records(n) for n in (0, 1, 2)] == ["0 fiche", "1 fiche", "2 fiches"]
    assert load_catalogue("fr").plurals["{count} record"] == ("{count} fiche", "{count} fiches")
    set_language("en")
    try:
        assert [records(n) for n in (0, 1, 2)] == ["0 records", "1 record", "2 records"]
    finally:
        set_language("fr")


def test_language_switch():
    set_language("en")
    assert _("Registry") == "Registry"
    set_language("fr")
    assert _("Registry") == "Registre"
