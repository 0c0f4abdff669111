"""An XML file that cannot be read is explained in French: expat's English detail (« not
well-formed (invalid token): line 3, column 5 ») never reaches the message."""

from __future__ import annotations

import re

import pytest

from si_local.core.errors import ImportFileError
from si_local.core.interop.inventory_read import read_document

HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<REQUEST>\n'
ENGLISH = re.compile(r"not well-formed|invalid token|mismatched|\bline\b|\bcolumn\b|junk|"
                     r"no element|undefined|unclosed|encoding|syntax error|document element|"
                     r"unbound|duplicate|attribute|reference|token", re.IGNORECASE)

CASES = {
    "invalid token": (HEAD + b"  <CONTENT><<HARDWARE/></CONTENT>\n</REQUEST>\n", 3, "colonne 12"),
    "mismatched tag": (HEAD + b"  <CONTENT>\n  <HARDWARE></BIOS>\n</REQUEST>\n", 4, None),
    "unclosed": (HEAD + b"  <CONTENT>\n", 4, None),
    "junk after": (HEAD + b"</REQUEST>\n<REQUEST/>\n", 4, None),
    "undefined entity": (HEAD + b"  <CONTENT>&nope;</CONTENT>\n</REQUEST>\n", 3, None),
    "bad character reference": (HEAD + b"  <CONTENT>&#0;</CONTENT>\n</REQUEST>\n", 3, None),
    "duplicate attribute": (HEAD + b'  <CONTENT a="1" a="2"/>\n</REQUEST>\n', 3, None),
    "declaration not at start": (b"\n<REQUEST>\n" + HEAD + b"</REQUEST>\n", 3, None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_xml_is_explained_in_french(tmp_path, name):
    data, line, column = CASES[name]
    path = tmp_path / "agent.xml"
    path.write_bytes(data)
    with pytest.raises(ImportFileError) as raised:
        read_document(path)
    message = str(raised.value)
    detail = message.removeprefix(f"{path}\u00a0: ")
    assert detail.startswith("XML mal formé, ligne "), message
    assert f"ligne {line}" in detail, message
    if column:
        assert column in detail, message
    assert not ENGLISH.search(detail), message


@pytest.mark.parametrize("encoding", ["klingon", "UTF-16"])
def test_unknown_encoding_is_explained_in_french(tmp_path, encoding):
    path = tmp_path / "agent.xml"
    path.write_bytes(b'<?xml version="1.0" encoding="%s"?>\n<REQUEST><CONTENT/></REQUEST>'
                     % encoding.encode())
    with pytest.raises(ImportFileError) as raised:
        read_document(path)
    detail = str(raised.value).removeprefix(f"{path}\u00a0: ")
    assert "codage" in detail, detail
    assert encoding in detail or encoding == "UTF-16", detail
    assert not ENGLISH.search(detail.replace(encoding, "")), detail


def test_dtd_is_refused_in_french(tmp_path):
    path = tmp_path / "agent.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "b">]>\n'
                     b"<REQUEST><CONTENT>&a;</CONTENT></REQUEST>")
    with pytest.raises(ImportFileError) as raised:
        read_document(path)
    assert not ENGLISH.search(str(raised.value).split("\u00a0: ", 1)[1]), str(raised.value)
