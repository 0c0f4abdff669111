"""Render the application icon (resources/icons/si-local.svg) to PNG in the usual sizes.

    .venv/bin/python tools/render_icons.py            # writes the PNGs and the Windows .ico

Output:
  resources/icons/si-local-<size>.png                      (used by the window icon)
  packaging/linux/icons/hicolor/<size>x<size>/apps/fr.si_local.SILocal.png
  packaging/linux/icons/hicolor/scalable/apps/fr.si_local.SILocal.svg
  packaging/windows/si-local.ico                          (16, 24, 32, 48, 64, 128, 256)

Uses PySide6.QtSvg (no extra tool). Runs offscreen.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "si-local.svg"
SIZES = [16, 22, 24, 32, 48, 64, 128, 256, 512]
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
APP_ID = "fr.si_local.SILocal"


def _render(renderer, size: int):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def _png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def write_ico(path: Path, images: dict[int, bytes]) -> None:
    """A Windows .ico holding PNG-compressed images (valid since Windows Vista)."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = images[size]
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + entries + blobs)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts, painting)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"render_icons: cannot read {SVG}", file=sys.stderr)
        return 1
    hicolor = ROOT / "packaging" / "linux" / "icons" / "hicolor"
    pngs: dict[int, bytes] = {}
    for size in SIZES:
        pngs[size] = _png_bytes(_render(renderer, size))
        (ROOT / "resources" / "icons" / f"si-local-{size}.png").write_bytes(pngs[size])
        target = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable)
    write_ico(ROOT / "packaging" / "windows" / "si-local.ico", {s: pngs[s] for s in ICO_SIZES})
    print(f"render_icons: {len(SIZES)} sizes written from {SVG.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
