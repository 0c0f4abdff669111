#!/usr/bin/env python3
"""Screenshots of the main pages for the README, taken on the demo facility, in French.

    .venv/bin/python tools/screenshots.py [--out docs/screenshots] [PAGE ...]

Builds the demo database in a temporary folder (with a temporary ``SI_LOCAL_DATA_DIR``, so the
workstation's own data and window geometry are never touched), opens the real main window
offscreen at 1366x768 (a hospital workstation's screen) and saves ``window.grab()`` of each page as ``<out>/<page>.png``. Pages:
home, registry (the list of servers), applications (the list of applications), continuity (the
scenarios and their steps), diagnostic (results of the latest campaign), training (coverage),
group (consolidation of the three demo facilities' bundles), group-core-model, settings.

With no PAGE every page is written, except ``diagnostic`` when ``diagnostic.png`` already exists
(it is maintained by the self-diagnostic area; name it explicitly to replace it). PNGs are reduced
to 256 colours with ImageMagick's ``convert`` when it is installed and the file is over 250 KB.

Nothing here opens a modal dialog (a modal QMessageBox would wait forever offscreen).
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

WIDTH, HEIGHT = 1366, 768
MAX_BYTES = 250_000
PAGES = ["home", "registry", "applications", "continuity", "diagnostic", "training", "group",
         "group-core-model", "exercises", "readiness", "incidents", "settings"]


def _settle(app, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def _show(window, app, page: str, bundles: list[Path]):
    """Bring ``page`` to the front in a state worth showing; returns nothing."""
    if page == "home":
        window.show_page("home")
    elif page in ("registry", "applications"):
        registry = window.show_page("registry")
        panel = registry.show_kind("servers" if page == "registry" else "applications")
        _settle(app)
        if panel.table.model().rowCount():
            panel.table.selectRow(0)
    elif page == "continuity":
        continuity = window.show_page("continuity")
        tab = continuity.show_tab("scenarios")
        _settle(app)
        if tab.scen_view.model().rowCount():
            tab.scen_view.selectRow(0)
    elif page == "diagnostic":
        from si_local.core.diagnostic import campaigns

        diagnostic = window.show_page("diagnostic")
        _settle(app)
        campaign = campaigns.latest_campaign_id(window.ctx.db)
        if campaign is not None:
            diagnostic.open_campaign(campaign, 1)  # 2. Results: scores and radar
    elif page == "training":
        training = window.show_page("training")
        training.show_tab("coverage")
    elif page == "group":
        group = window.show_page("group")
        group.tabs.setCurrentWidget(group.consolidation)
        group.consolidation.open_bundles([str(p) for p in bundles])
        window.tasks.pool.waitForDone(60000)  # the bundles are read in a worker thread
    elif page == "group-core-model":
        group = window.show_page("group")
        group.tabs.setCurrentWidget(group.core_model)
    elif page == "exercises":  # the last exercise's main courante (its RETEX)
        tab = window.show_page("continuity").show_tab("exercises")
        _settle(app)
        if tab.ex_view.model().rowCount():
            tab.ex_view.selectRow(0)
    elif page == "readiness":
        window.show_page("readiness")
    elif page == "incidents":
        window.show_page("incidents")
    elif page == "settings":
        from si_local.core.snapshots import take_snapshot

        take_snapshot(window.ctx.db_path, "manual")  # so that the list of snapshots is not empty
        window.show_page("settings")
    _settle(app)


def _shrink(path: Path) -> None:
    if path.stat().st_size <= MAX_BYTES or shutil.which("convert") is None:
        return
    subprocess.run(["convert", str(path), "-colors", "256", "-strip", f"PNG8:{path}"], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="the demo's day (YYYY-MM-DD; default: today)")
    parser.add_argument("pages", nargs="*", metavar="PAGE", help=", ".join(PAGES))
    args = parser.parse_args()
    unknown = [p for p in args.pages if p not in PAGES]
    if unknown:
        parser.error(f"unknown page(s): {', '.join(unknown)}; choose among {', '.join(PAGES)}")
    pages = args.pages or [p for p in PAGES
                           if not (p == "diagnostic" and (args.out / "diagnostic.png").exists())]
    args.out.mkdir(parents=True, exist_ok=True)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="si-local-screens-"))
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
        bundles = build_group_bundles(work / "bundles", args.today) if "group" in pages else []
        ctx = open_context(db_path)
        window = MainWindow(ctx)
        window.resize(WIDTH, HEIGHT)
        window.show()
        _settle(app)
        for page in pages:
            _show(window, app, page, bundles)
            target = args.out / f"{page}.png"
            if not window.grab().save(str(target), "PNG"):
                print(f"{target}: not written", file=sys.stderr)
                return 1
            _shrink(target)
            print(f"{target} ({target.stat().st_size // 1024} KB)")
        window.close()
        ctx.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
