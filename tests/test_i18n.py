"""Every string shown to a user has a French translation."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from i18n import source_strings  # noqa: E402

from si_local.core.i18n import _, load_catalogue, parse_po, set_language  # noqa: E402


def test_every_source_string_has_a_french_translation():
    catalogue = load_catalogue("fr")
    missing = {text: places[0] for text, places in source_strings().items() if text not in catalogue}
    assert not missing, "missing French translations (run tools/i18n.py missing):\n" + "\n".join(
        f"  {where}: {text!r}" for text, where in list(missing.items())[:40])


def test_placeholders_are_kept_in_translations():
    import re

    for source, french in load_catalogue("fr").items():
        assert set(re.findall(r"{\w*}", source)) == set(re.findall(r"{\w*}", french)), source


def test_one_source_string_has_one_french_translation_across_areas():
    """Area catalogues are merged; the same English string translated two ways would show one or
    the other depending on load order (it happened: « dossier » / « fichier d’échange »)."""
    seen: dict[str, tuple[str, str]] = {}
    conflicts = []
    for po in sorted((ROOT / "resources" / "i18n" / "fr").glob("*.po")):
        for source, french in parse_po(po.read_text(encoding="utf-8")).items():
            if source in seen and seen[source][0] != french:
                conflicts.append(f"{source!r}: {seen[source][1]} « {seen[source][0]} » / "
                                 f"{po.name} « {french} »")
            seen.setdefault(source, (french, po.name))
    assert not conflicts, "\n".join(conflicts)


def test_po_reader_handles_multiline_and_fuzzy():
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain"\n\n'
        'msgid "Hello"\nmsgstr "Bonjour"\n\n'
        'msgid ""\n"Long "\n"line"\nmsgstr ""\n"Longue "\n"ligne"\n\n'
        '#, fuzzy\nmsgid "Maybe"\nmsgstr "Peut-être"\n'
    )
    assert parse_po(text) == {"Hello": "Bonjour", "Long line": "Longue ligne"}


def test_po_reader_escapes_as_python_reads_them():
    """The reader unescapes by hand (for speed); each escape must give what Python's own rules
    give, including the rare ones it hands over to them."""
    import ast

    for quoted in (r'"say \"oui\""', r'"a\\b"', r'"line\nbreak\ttab"', r'"caf\u00e9 \101"',
                   '"« déjà » l’été"'):
        text = f'msgid "K"\nmsgstr {quoted}\n'
        assert parse_po(text) == {"K": ast.literal_eval(quoted)}, quoted


def test_plurals_follow_each_language():
    """French takes the singular for 0 and 1, English for 1 only; both forms are translated."""
    from si_local.core.i18n import ngettext

    def records(n):
        return ngettext("{count} record", "{count} records", n).format(count=n)

    set_language("fr")
    assert [records(n) for n in (0, 1, 2)] == ["0 fiche", "1 fiche", "2 fiches"]
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
