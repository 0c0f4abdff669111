#!/usr/bin/env python3
"""The screenshots of the user guide (resources/guide/images/*.png), taken on the demo facility.

    .venv/bin/python tools/guide_screenshots.py [--out resources/guide/images] [--today YYYY-MM-DD] [NAME ...]

Same window as tools/screenshots.py (the demo in a temporary folder, the real main window
offscreen at 1366x768, in French) on a fixed day (``DAY``, so that the guide's pictures do not
change from one run to the next), one picture per entry of ``SHOTS``: the names the guide's
chapters use (``![…](images/<name>.png)``; tests/core/test_guide.py checks that every name the
guide uses is here). Every PNG is reduced to 256 colours with ImageMagick's ``convert`` when it is
installed (Pillow otherwise): they travel in the wheel and the packaged folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

import screenshots  # noqa: E402  (tools/screenshots.py: the same window, the same pages)

DAY = dt.date(2026, 12, 1)
OUT = ROOT / "resources" / "guide" / "images"


def _training_tab(key: str):
    def show(window, app, bundles) -> None:
        page = window.show_page("training")
        page.show_tab(key)
        screenshots._settle(app)
        if key == "sessions" and page.session_view.model().rowCount():
            page.session_view.selectRow(0)
    return show


def _diagnostic_walkthrough(window, app, bundles) -> None:
    from si_local.core.diagnostic import campaigns

    page = window.show_page("diagnostic")
    screenshots._settle(app)
    campaign = campaigns.latest_campaign_id(window.ctx.db)
    if campaign is not None:
        page.open_campaign(campaign, 0)


def _continuity_print(window, app, bundles) -> None:
    window.show_page("continuity").show_tab("print")


def _software_search(window, app, bundles) -> None:
    """Registre › Logiciels installés, with an alert's query typed and searched."""
    panel = window.show_page("registry").show_kind("software")
    screenshots._settle(app)
    panel.line.setText("OpenSSL < 3.0.7")
    panel.run_search()


def _page(name: str):
    def show(window, app, bundles) -> None:
        screenshots._show(window, app, name, bundles)
    return show


# name of the PNG (without .png) -> how to bring it to the front: show(window, app, bundles)
SHOTS = {
    "accueil": _page("home"),
    "registre-serveurs": _page("registry"),
    "registre-applications": _page("applications"),
    "continuite-scenarios": _page("continuity"),
    "continuite-impression": _continuity_print,
    "formation-a-faire": _training_tab("todo"),
    "formation-sessions": _training_tab("sessions"),
    "formation-couverture": _training_tab("coverage"),
    "autodiagnostic-questionnaire": _diagnostic_walkthrough,
    "autodiagnostic-resultats": _page("diagnostic"),
    "groupement-modele-commun": _page("group-core-model"),
    "groupement-consolidation": _page("group"),
    "conformite": _page("readiness"),
    "incidents": _page("incidents"),
    "registre-logiciels": _software_search,
}


def shrink(path: Path) -> None:
    """256 colours: ImageMagick's ``convert`` when it works, else Pillow (reportlab needs it)."""
    if shutil.which("convert") is not None:
        done = subprocess.run(["convert", str(path), "-colors", "256", "-strip", f"PNG8:{path}"],
                              capture_output=True)
        if done.returncode == 0:
            return
    from PIL import Image

    with Image.open(path) as picture:
        reduced = picture.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    reduced.save(path, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=DAY,
                        help=f"the demo's day (YYYY-MM-DD; default: {DAY.isoformat()})")
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(SHOTS))
    args = parser.parse_args()
    unknown = [n for n in args.names if n not in SHOTS]
    if unknown:
        parser.error(f"unknown picture(s): {', '.join(unknown)}; choose among {', '.join(SHOTS)}")
    names = args.names or list(SHOTS)
    args.out.mkdir(parents=True, exist_ok=True)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["SI_LOCAL_TODAY"] = args.today.isoformat()
    # A fixed folder, so that the status bar's database path is the same on every run.
    work = Path(tempfile.gettempdir()) / "si-local-guide"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    os.environ["SI_LOCAL_DATA_DIR"] = str(work / "data")
    try:
        from si_local.core.context import open_context
        from si_local.core.demo import build_demo
        from si_local.core.demo.group import build_group_bundles
        from si_local.core.i18n import set_language
        from si_local.ui.app import create_application
        from si_local.ui.main_window import MainWindow

        set_language("fr")
        app = create_application()
        db_path = work / "demo.sqlite"
        build_demo(db_path, today=args.today).close()
        bundles = build_group_bundles(work / "bundles", args.today)
        ctx = open_context(db_path)
        window = MainWindow(ctx)
        window.resize(screenshots.WIDTH, screenshots.HEIGHT)
        window.show()
        screenshots._settle(app)
        for name in names:
            SHOTS[name](window, app, bundles)
            screenshots._settle(app)
            target = args.out / f"{name}.png"
            if not window.grab().save(str(target), "PNG"):
                print(f"{target}: not written", file=sys.stderr)
                return 1
            shrink(target)
            print(f"{target} ({target.stat().st_size // 1024} KB)")
        window.close()
        ctx.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
