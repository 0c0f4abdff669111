"""The user guide (Aide › Guide d'utilisation): its sources are the French text files of
``resources/guide/`` (one chapter per file, read in the order of their names), written in a small
Markdown-like language:

- ``# Title`` (first line: the chapter's title), ``## Section``;
- a paragraph is lines up to a blank line; ``- item`` lines make a bullet list;
- ``![caption](images/name.png)`` alone on its line is a screenshot (refreshed by
  ``tools/guide_screenshots.py``);
- inside a text, ``**bold**`` and ```code``` (a command to type).

:func:`chapters` reads them; :func:`chapter_html` gives the HTML the window shows; the PDF
(``si-local print guide``) is built from the same blocks by ``reports/guide.py``. No Qt here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import UserError
from .i18n import _

SUFFIX = ".md"
_IMAGE = re.compile(r"^!\[(?P<caption>[^\]]*)\]\((?P<path>[^)\s]+)\)$")
_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|`(?P<code>[^`]+)`")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Image:
    path: str  # relative to the guide's folder: images/name.png
    caption: str


@dataclass
class Chapter:
    key: str  # the file's name without its number and suffix: "premiers-pas"
    title: str
    blocks: list = field(default_factory=list)
    folder: Path = Path()

    def images(self) -> list[Image]:
        return [b for b in self.blocks if isinstance(b, Image)]


def folder() -> Path:
    return paths.resources_dir() / "guide"


def _flush(blocks: list, paragraph: list[str], bullets: list[str]) -> None:
    if paragraph:
        blocks.append(Text(" ".join(paragraph)))
        paragraph.clear()
    if bullets:
        blocks.append(Bullets(tuple(bullets)))
        bullets.clear()


def parse(text: str, key: str = "", where: Path = Path()) -> Chapter:
    """One chapter from its source text (a first line that is no ``# Title`` is refused)."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# "):
        raise UserError(_("{path}: a guide chapter starts with « # » and its title.").format(
            path=where / f"{key}{SUFFIX}"))
    chapter = Chapter(key=key, title=lines[0][2:].strip(), folder=where)
    paragraph: list[str] = []
    bullets: list[str] = []
    for raw in lines[1:]:
        line = raw.strip()
        image = _IMAGE.match(line)
        if not line or line.startswith("#") or image or (line.startswith("- ") and paragraph):
            _flush(chapter.blocks, paragraph, bullets)
        if not line:
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            chapter.blocks.append(Heading(line[level:].strip(), min(level, 3)))
        elif image:
            chapter.blocks.append(Image(image["path"], image["caption"]))
        elif line.startswith("- "):
            bullets.append(line[2:].strip())
        elif bullets:  # a continuation line of the last item
            bullets[-1] += " " + line
        else:
            paragraph.append(line)
    _flush(chapter.blocks, paragraph, bullets)
    return chapter


def chapters(where: Path | None = None) -> list[Chapter]:
    """Every chapter of the guide, in the order of its files' names (01-…, 02-…)."""
    where = where or folder()
    files = sorted(where.glob(f"*{SUFFIX}"))
    if not files:
        raise UserError(_("The user guide is missing from {path}.").format(path=where))
    return [parse(f.read_text(encoding="utf-8"), _key(f), where) for f in files]


def _key(path: Path) -> str:
    return re.sub(r"^\d+-", "", path.stem)


# --- inline text ---------------------------------------------------------------------------------

def inline(text: str, bold: tuple[str, str], code: tuple[str, str], escape=html.escape) -> str:
    """``text`` escaped, with its ``**bold**`` and ```code``` turned into the given tags."""
    out = []
    at = 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[at:match.start()]))
        if match["bold"] is not None:
            out.append(bold[0] + escape(match["bold"]) + bold[1])
        else:
            out.append(code[0] + escape(match["code"]) + code[1])
        at = match.end()
    out.append(escape(text[at:]))
    return "".join(out)


def plain(text: str) -> str:
    """``text`` without its mark-up (for searching, tests)."""
    return _INLINE.sub(lambda m: m["bold"] or m["code"], text)


# --- HTML for the window -------------------------------------------------------------------------

HTML_IMAGE_WIDTH = 640  # pixels: the screenshots (1366 wide) shown at about half size


def _html_inline(text: str) -> str:
    return inline(text, ("<b>", "</b>"), ("<code>", "</code>"))


def _html_block(block, chapter: Chapter, image_width: int) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_html_inline(block.text)}</h{block.level}>"
    if isinstance(block, Bullets):
        items = "".join(f"<li>{_html_inline(item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    if isinstance(block, Image):
        source = (chapter.folder / block.path).as_uri()
        caption = html.escape(block.caption)
        return (f'<p align="center"><img src="{source}" width="{image_width}" alt="{caption}"><br>'
                f"<i>{caption}</i></p>")
    return f"<p>{_html_inline(block.text)}</p>"


def chapter_html(chapter: Chapter, image_width: int = HTML_IMAGE_WIDTH) -> str:
    """The chapter as HTML (the subset QTextBrowser shows), its images as file URLs."""
    body = "\n".join(_html_block(b, chapter, image_width) for b in chapter.blocks)
    return f"<h1>{html.escape(chapter.title)}</h1>\n{body}"


def missing_images(items: list[Chapter]) -> list[str]:
    """The images the chapters name that are not in the guide's folder."""
    return [f"{c.key}: {i.path}" for c in items for i in c.images() if not (c.folder / i.path).is_file()]
