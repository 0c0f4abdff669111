"""OpenDocument spreadsheets (.ods) without a library: the smallest valid file (a zip holding
``mimetype`` first and uncompressed, ``content.xml``, ``styles.xml``, ``meta.xml`` and the
manifest) written with :mod:`zipfile`, and the cells of a file's first sheet read back with
:mod:`xml.etree.ElementTree`. Enough for a list to fill in (the staff template) and to read it
filled; formulas, styles and merged cells are not kept."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from ..i18n import _
from .common import file_error, write_atomic

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_NS = (f'xmlns:office="{_OFFICE}" xmlns:table="{_TABLE}" xmlns:text="{_TEXT}" '
       'office:version="1.2"')
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">\n'
    f' <manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
    f'manifest:media-type="{MIMETYPE}"/>\n'
    ' <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>\n'
    ' <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>\n'
    ' <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>\n'
    '</manifest:manifest>\n')
_STYLES = f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_NS}/>\n'
_META = f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {_NS}/>\n'
# an .ods larger than this is not a staff list (content.xml of 20,000 people is about 10 MB)
MAX_CONTENT_BYTES = 200 * 1024 * 1024


def _cell(value: str) -> str:
    if value == "":
        return "<table:table-cell/>"
    lines = "".join(f"<text:p>{escape(line)}</text:p>" for line in value.split("\n"))
    return f'<table:table-cell office:value-type="string">{lines}</table:table-cell>'


def ods_bytes(rows: list[list[str]], sheet: str) -> bytes:
    """The bytes of an .ods file whose one sheet, named ``sheet``, holds ``rows`` (text cells)."""
    width = max((len(r) for r in rows), default=1)
    body = "".join("<table:table-row>" + "".join(_cell(str(c)) for c in row) + "</table:table-row>"
                   for row in rows)
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS}>'
               f"<office:body><office:spreadsheet><table:table table:name={quoteattr(sheet)}>"
               f'<table:table-column table:number-columns-repeated="{width}"/>{body}'
               "</table:table></office:spreadsheet></office:body></office:document-content>\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # first and stored: programs recognise the format by these bytes at offset 38
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name, text in (("content.xml", content), ("styles.xml", _STYLES), ("meta.xml", _META),
                           ("META-INF/manifest.xml", _MANIFEST)):
            archive.writestr(name, text, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write_ods(path: Path | str, rows: list[list[str]], sheet: str) -> Path:
    """Write ``rows`` as an .ods file, through ``path.part``."""
    return write_atomic(path, ods_bytes(rows, sheet))


def _text_of(cell: ElementTree.Element) -> str:
    paragraphs = []
    for p in cell.iter(f"{{{_TEXT}}}p"):
        paragraphs.append("".join(p.itertext()))
    return "\n".join(paragraphs)


def _row_cells(row: ElementTree.Element) -> list[str]:
    cells: list[str] = []
    for cell in row:
        if cell.tag not in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"):
            continue
        repeat = int(cell.get(f"{{{_TABLE}}}number-columns-repeated", "1") or 1)
        text = _text_of(cell)
        if text:
            cells.extend([text] * min(repeat, 1000))
        else:
            cells.extend([""] * min(repeat, 1000))
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def read_ods(data: bytes, path: Path | str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each row holding something in the first sheet of an .ods file;
    a file that is not one is one error naming it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("content.xml")
            if info.file_size > MAX_CONTENT_BYTES:
                raise file_error(path, _("the spreadsheet is too large."))
            content = archive.read("content.xml")
        root = ElementTree.fromstring(content)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
        raise file_error(path, _("this is not an OpenDocument spreadsheet (.ods).")) from None
    table = next(root.iter(f"{{{_TABLE}}}table"), None)
    if table is None:
        return
    line = 0
    for row in table.iter(f"{{{_TABLE}}}table-row"):
        repeat = int(row.get(f"{{{_TABLE}}}number-rows-repeated", "1") or 1)
        cells = _row_cells(row)
        if not cells:
            line += repeat
            continue
        for _copy in range(min(repeat, 1000)):
            line += 1
            yield line, list(cells)
