"""French order, the same everywhere: core.collation's key, the FRENCH collation of every
connection, the lists core gives, a printed list read back and a list on screen."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import given, settings, strategies as st
from pypdf import PdfReader

from si_local.core import registry as reg
from si_local.core import training as t
from si_local.core.collation import collation_key, compare, french_sorted

TODAY = dt.date(2026, 11, 23)

FRENCH = ["", "10 lits", "cote", "coté", "côte", "côté", "Équipe de nuit", "gérard", "Gérard",
          "GÉRARD", "GUILLAUME", "Hôpital", "hôtel", "oeuvre", "œuvre", "Oeuvre", "Œuvre", "ovale",
          "Salle 2", "Salle 10", "Salle 10 bis", "SSR", "zèbre", "Zèbre"]


def test_french_examples():
    assert french_sorted(reversed(FRENCH)) == FRENCH
    assert french_sorted(["SSR", "Équipe de nuit"]) == ["Équipe de nuit", "SSR"]
    assert french_sorted(["GUILLAUME", "GÉRARD"]) == ["GÉRARD", "GUILLAUME"]
    assert french_sorted(["oz", "œuvre", "of"]) == ["œuvre", "of", "oz"]  # œ as « oe »
    assert french_sorted(["Salle 10", "Salle 9", "Salle 09"]) == ["Salle 9", "Salle 09", "Salle 10"]
    # spaces count once: the same three levels, only the text itself then tells them apart
    assert collation_key("Jean  Dupont ").split("\x01")[:3] == collation_key("Jean Dupont").split("\x01")[:3]
    assert compare("É", "e") == 1 and compare("e", "É") == -1 and compare("a", "a") == 0
    assert collation_key(None) == collation_key("")


# --- properties ---------------------------------------------------------------------------------

LETTERS = "aàâäbcçdeéèêëfghiîïjklmnoôöpqrstuùûüvwxyÿzœæ"
french_words = st.text(alphabet=LETTERS + LETTERS.upper() + " -'", max_size=12)


def _primary(text: str) -> str:
    """Letters without accents nor case, ligatures spelled out, spaces once."""
    base = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(base.casefold().replace("œ", "oe").replace("æ", "ae").split())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=15), st.text(max_size=15), st.text(max_size=15))
def test_the_key_is_a_total_order(a, b, c):
    ka, kb, kc = collation_key(a), collation_key(b), collation_key(c)
    assert (ka == kb) == (a == b)  # two different texts never tie
    assert (ka < kb) + (kb < ka) + (ka == kb) == 1
    if ka <= kb and kb <= kc:
        assert ka <= kc
    assert compare(a, b) == -compare(b, a)


@settings(max_examples=300, deadline=None)
@given(french_words, french_words)
def test_letters_first_then_accents_then_case(a, b):
    pa, pb = _primary(a), _primary(b)
    if pa != pb:  # a letter differs: accents and case say nothing
        assert (collation_key(a) < collation_key(b)) == (pa < pb)
    if a.lower() != a:  # the same letters, lower case first
        assert collation_key(a.lower()) < collation_key(a)
    plain = "".join(c for c in unicodedata.normalize("NFD", a) if not unicodedata.combining(c))
    if plain != unicodedata.normalize("NFD", a):  # the same letters, no accent first
        assert collation_key(unicodedata.normalize("NFC", plain)) < collation_key(a)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc ", max_size=5), st.integers(0, 10**6), st.integers(0, 10**6))
def test_numbers_inside_names_are_compared_as_numbers(prefix, m, n):
    if m != n:
        assert (collation_key(f"{prefix}{m}") < collation_key(f"{prefix}{n}")) == (m < n)


# --- where a user sees an order -------------------------------------------------------------------

def test_sqlite_orders_by_the_french_collation(db):
    for name in ("SSR", "Équipe de nuit", "Salle 10", "Salle 2", "œuvre", "ovale"):
        reg.save(db, reg.SITES, {"name": name})
    names = [r["name"] for r in reg.rows(db, reg.SITES)]
    assert names == ["Équipe de nuit", "œuvre", "ovale", "Salle 2", "Salle 10", "SSR"]
    assert [n for _i, n in reg.choices_for(db, reg.SITES)] == names
    got = [r[0] for r in db.execute("SELECT name FROM site ORDER BY name COLLATE FRENCH")]
    assert got == names


def test_training_lists_are_in_french_order(db):
    unit = t.save_unit(db, {"name": "SSR"})
    t.save_unit(db, {"name": "Équipe de nuit"})
    for last in ("GUILLAUME", "GÉRARD", "Œil", "Oeuf"):
        t.save_staff(db, {"last_name": last, "first_name": "Anne", "profile": "nurse",
                          "unit_id": unit})
    assert [u["name"] for u in t.units(db)] == ["Équipe de nuit", "SSR"]
    assert [s["last_name"] for s in t.staff(db)] == ["GÉRARD", "GUILLAUME", "Œil", "Oeuf"]


def test_a_printed_sign_in_sheet_lists_people_in_french_order(db, tmp_path):
    from si_local.core.reports.training import print_attendance

    db["facility"].insert({"name": "Hôpital de Test"})
    unit = t.save_unit(db, {"name": "Médecine"})
    people = [t.save_staff(db, {"last_name": last, "first_name": "Anne", "profile": "nurse",
                                "unit_id": unit}) for last in ("GUILLAUME", "Zola", "GÉRARD")]
    module = t.save_module(db, {"name": "Plan de soins", "profiles": ["nurse"],
                                "duration_minutes": 60})
    session = t.save_session(db, {"module_id": module, "starts_at": "2026-12-01 09:00",
                                  "ends_at": "2026-12-01 10:00"})
    t.book(db, session, people)
    path = tmp_path / "emargement.pdf"
    print_attendance(db, path, [session], today=TODAY)
    text = " ".join((PdfReader(str(path)).pages[0].extract_text() or "").split())
    assert text.index("GÉRARD") < text.index("GUILLAUME") < text.index("ZOLA")
