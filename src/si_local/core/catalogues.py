"""The message catalogues on disk, read by libraries rather than by hand.

``resources/i18n/<lang>/<area>.po`` is the source a maintainer edits; Babel (already a dependency,
for dates and numbers) reads it and writes the compiled ``<area>.mo`` next to it, which the
standard :mod:`gettext` module reads at start-up (a few milliseconds; reading the .po with Babel
takes ten times longer and imports much of Babel). The wheel and the PyInstaller build carry the
compiled files only (setup.py, build.spec), tools/bootstrap.py compiles them in a source tree.

In a source tree, a .mo missing or older than its .po is compiled again from the .po when the
catalogue is loaded, and kept for the next start when the folder can be written to.

A counted message is one entry (msgid, msgid_plural, msgstr[0], msgstr[1]) and every file says
how the language counts (``Plural-Forms``: French takes the singular for 0 and 1).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import logging
import os
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

# The plural rule each catalogue's header must give (tests/test_i18n.py checks every file).
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);"}

# A compiled file says when it was made; a fixed date makes the same .po give the same bytes.
_FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def read_po(path: Path):
    """The Babel catalogue of one .po file; a malformed file raises ValueError (Babel's own
    PoFileError, which would otherwise print warnings and carry on)."""
    from babel.messages.pofile import PoFileError
    from babel.messages.pofile import read_po as babel_read_po

    with open(path, "rb") as handle:
        try:
            return babel_read_po(handle, abort_invalid=True)
        except PoFileError as exc:
            raise ValueError(f"{path.name}: {exc}") from exc


def compile_po(path: Path) -> bytes:
    """The .mo bytes of one .po file (Babel's ``write_mo``): fuzzy entries are left out, and so is
    a counted message one of whose forms is untranslated (it stays in English rather than show an
    empty text for some counts)."""
    from babel.messages.mofile import write_mo

    catalogue = read_po(path)
    for message in list(catalogue):
        if message.id and message.pluralizable and not all(message.string):
            catalogue.delete(message.id, context=message.context)
    catalogue.creation_date = catalogue.revision_date = _FIXED_DATE
    out = io.BytesIO()
    write_mo(out, catalogue)
    return out.getvalue()


def _write_atomically(target: Path, data: bytes) -> None:
    import tempfile  # only when a catalogue is compiled: a faster start

    handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(data)
        os.chmod(handle.name, 0o644)  # readable by all, as a copied file is (not the 0600 of a temp)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def compile_folder(source: Path, target: Path | None = None) -> list[Path]:
    """Every ``*.po`` of ``source`` compiled to ``<target>/<name>.mo`` (target: the same folder);
    the files written. Used at build time (setup.py, build.spec, tools/bootstrap.py)."""
    target = target or source
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for po in sorted(source.glob("*.po")):
        mo = target / f"{po.stem}.mo"
        _write_atomically(mo, compile_po(po))
        written.append(mo)
    return written


def _mo_bytes(po: Path, mo: Path) -> bytes:
    """The compiled catalogue of one area: its .mo when there is no .po beside it or when the .mo
    is as recent as the .po, else the .po compiled now (and kept as .mo when possible)."""
    if not po.is_file():
        return mo.read_bytes()
    try:
        if mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
            return mo.read_bytes()
    except FileNotFoundError:
        pass
    data = compile_po(po)
    try:
        _write_atomically(mo, data)
    except OSError as exc:  # a read-only folder: the next start compiles again
        log.info("Compiled catalogue %s not kept: %s", mo, exc)
    return data


def _one_is_singular(n: int) -> int:
    return int(n != 1)


class Catalogue(dict):
    """One language's messages, all areas merged: a mapping of each English source string to
    its translation (a counted message's msgid to its first form), plus the counted messages'
    forms (``plurals``: msgid -> (msgstr[0], msgstr[1], ...)) and the language's plural rule
    (``plural``: count -> index of the form), as :class:`gettext.GNUTranslations` read them."""

    def __init__(self) -> None:
        super().__init__()
        self.plurals: dict[str, tuple[str, ...]] = {}
        self.plural: Callable[[int], int] = _one_is_singular

    def add(self, translations: gettext.GNUTranslations) -> None:
        """Merge one area's compiled catalogue (a later area wins, as in babel's merge())."""
        if "plural-forms" in translations.info():  # the same in every file (tests/test_i18n.py)
            self.plural = translations.plural
        forms: dict[str, dict[int, str]] = {}
        for key, text in translations._catalog.items():  # noqa: SLF001 (gettext has no public view)
            if isinstance(key, tuple):
                forms.setdefault(key[0], {})[key[1]] = text
            elif key:  # "" is the header
                self[key] = text
        for msgid, by_index in forms.items():
            self.plurals[msgid] = tuple(by_index[i] for i in sorted(by_index))
            self.setdefault(msgid, self.plurals[msgid][0])


def load_folder(folder: Path) -> Catalogue:
    """Every area of one language's folder merged into one :class:`Catalogue`.

    Never raises for a file: one that cannot be read is skipped (its messages stay in English) and
    the log says why."""
    catalogue = Catalogue()
    names = sorted({p.stem for p in folder.glob("*.po")} | {p.stem for p in folder.glob("*.mo")})
    for name in names:
        po, mo = folder / f"{name}.po", folder / f"{name}.mo"
        try:
            catalogue.add(gettext.GNUTranslations(io.BytesIO(_mo_bytes(po, mo))))
        except (OSError, UnicodeDecodeError, ValueError, SyntaxError) as exc:
            log.warning("Catalogue %s skipped, its messages stay in English: %s",
                        po if po.is_file() else mo, exc)
    return catalogue
