"""The user guide on paper (``si-local print guide``, Aide › Guide d'utilisation › Imprimer…):
a title page, the contents with page numbers, then one chapter per page run, built from the same
sources as the window (``core/guide.py``). Screenshots are scaled to the page's width."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image as PdfImage
from reportlab.platypus import KeepTogether, ListFlowable, ListItem, PageBreak, Spacer

from .. import guide
from ..i18n import _
from .common import DocumentInfo, esc, frame_width, heading, markup, p, styles
from .one_pass import build_with_contents, contents_table

IMAGE_MAX_HEIGHT = 120 * mm  # a screenshot never takes more than about half a page


CODE = ('<font color="#1F4E79">', "</font>")  # a command to type: no monospace font is embedded


def _text(text: str, style: str = "body"):
    return markup(guide.inline(text, ("<b>", "</b>"), CODE, escape=esc), style)


def _image(chapter: guide.Chapter, block: guide.Image, width: float) -> list:
    path = chapter.folder / block.path
    if not path.is_file():
        return [p(_("[missing image: {path}]").format(path=block.path), "warn")]
    pixels_w, pixels_h = ImageReader(str(path)).getSize()
    scale = min(width / pixels_w, IMAGE_MAX_HEIGHT / pixels_h)
    picture = PdfImage(str(path), width=pixels_w * scale, height=pixels_h * scale)
    return [KeepTogether([Spacer(1, 2 * mm), picture, p(block.caption, "muted")])]


def _bullets(block: guide.Bullets) -> list:
    items = [ListItem(_text(item), leftIndent=12, value="•") for item in block.items]
    return [ListFlowable(items, bulletType="bullet", start="•", leftIndent=12, bulletFontSize=8)]


def chapter_story(chapter: guide.Chapter, width: float) -> list:
    out: list = [heading(chapter.title, 1)]
    for block in chapter.blocks:
        if isinstance(block, guide.Heading):
            out.append(heading(block.text, block.level))
        elif isinstance(block, guide.Bullets):
            out += _bullets(block)
        elif isinstance(block, guide.Image):
            out += _image(chapter, block, width)
        else:
            out.append(_text(block.text))
    return out


def story(chapters: list[guide.Chapter], width: float) -> list:
    out: list = [Spacer(1, 40 * mm), p(_("SI Local user guide"), "title"),
                 p(_("One chapter per person: the IT manager, the nurse executive, the director "
                     "and the group's IT department; what to do when the computers are down; "
                     "readiness and incidents."),
                   "subtitle"),
                 Spacer(1, 8 * mm), heading(_("Contents"), 3), contents_table(), PageBreak()]
    for number, chapter in enumerate(chapters):
        if number:
            out.append(PageBreak())
        out += chapter_story(chapter, width)
    return out


def print_guide(path: Path | str, where: Path | None = None) -> int:
    """Write the user guide to ``path`` (PDF); returns the number of pages."""
    chapters = guide.chapters(where)
    info = DocumentInfo(title=_("User guide"), subject=_("SI Local user guide"))
    styles()  # fonts registered before the first paragraph
    return build_with_contents(path, info, story(chapters, frame_width(info)))
