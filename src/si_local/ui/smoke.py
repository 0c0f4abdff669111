"""Checks of ``si-local --smoke-test``: quick ones, and the packaging checks of ``--smoke-test=full``
(see ui/app.py smoke_hooks).

They prove that a built folder is complete: every resource folder the code reads, the French
catalogue and Qt's French translations, babel's locale data (French dates), one PDF rendered with
the embedded fonts, the application icon, and which secret store is active. A missing piece sets
``"ok": false`` and lists it under ``"missing"``; tools/ci_build.sh fails the build on it.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from ..core import paths
from si_local.core import clock

# Each entry: a path under resources/ that the code reads, and a glob that must match inside it.
REQUIRED_RESOURCES = {
    "i18n": ("i18n/fr", "*.[mp]o"),  # compiled (.mo, an installed copy) or source (.po)
    "fonts": ("fonts", "DejaVuSans*.ttf"),
    "icons": ("icons", "si-local-*.png"),
    "questionnaires": ("questionnaires", "*.json"),
    "continuity": ("continuity", "templates.json"),
    "guide": ("guide", "*.md"),
    "guide_images": ("guide/images", "*.png"),
    "readiness": ("readiness", "expectations.json"),
    "incidents": ("incidents", "deadlines.json"),
    "end_of_support": ("end_of_support", "table.json"),
    "end_of_support_licence": ("end_of_support", "LICENSE-*.txt"),
}


def check_resources() -> tuple[dict[str, int], list[str]]:
    """Files found per resource folder, and what is missing."""
    found: dict[str, int] = {}
    missing: list[str] = []
    try:
        root = paths.resources_dir()
    except FileNotFoundError:
        return found, ["resources"]
    for name, (folder, pattern) in REQUIRED_RESOURCES.items():
        count = len(list((root / folder).glob(pattern))) if (root / folder).is_dir() else 0
        found[name] = count
        if not count:
            missing.append(f"resources/{folder}/{pattern}")
    if not (root / "icons" / "si-local.svg").is_file():
        missing.append("resources/icons/si-local.svg")
    return found, missing


def render_pdf(ctx, folder: Path) -> dict:
    """The continuity plan of the (empty) smoke database, or if it fails a sample page through
    reports/common.build_pdf; returns what was rendered."""
    target = folder / "smoke.pdf"
    result: dict = {}
    from ..core.reports import continuity as plan_report

    try:
        pages = plan_report.print_plan(ctx.db, target, clock.today())
        result.update({"pdf_document": "continuity plan", "pdf_pages": pages})
    except Exception as exc:  # reported, then the sample below still proves the PDF chain
        result["pdf_warning"] = f"continuity plan: {type(exc).__name__}: {exc}"
    if "pdf_pages" not in result:
        from ..core.i18n import _, format_date
        from ..core.reports.common import DocumentInfo, build_pdf, heading, p

        info = DocumentInfo(title=_("Smoke test"), facility="SI Local", version="1")
        pages = build_pdf(target, info, lambda: [
            heading(_("Smoke test")),
            p("Établissement d’hébergement — « accents » : éèêàçôù ÉÈ œ"),
            p(format_date(clock.today(), "long")),
        ])
        result.update({"pdf_document": "sample", "pdf_pages": pages})
    result["pdf_bytes"] = target.stat().st_size if target.is_file() else 0
    return result


def quick_checks() -> dict:
    """What the quick ``--smoke-test`` checks besides the window: resources, catalogue, icon."""
    from ..core.i18n import load_catalogue
    from .about import app_icon

    found, missing = check_resources()
    report: dict = {"resources": found, "catalogue_fr": len(load_catalogue("fr"))}
    if not report["catalogue_fr"]:
        missing.append("French catalogue (resources/i18n/fr/*.po)")
    report["icon"] = not app_icon().isNull()
    if not report["icon"]:
        missing.append("application icon")
    report["missing"] = missing
    if missing:
        report["ok"] = False
    return report


def packaging_checks(ctx, folder: Path) -> dict:
    """The quick checks, then what a built folder needs besides: Qt's French translations, babel's
    locale data, the secret store and a rendered PDF."""
    started = time.perf_counter()
    from ..core.i18n import format_date, get_language
    from .about import secret_store_description
    from .app import _translators

    report = quick_checks()
    missing: list[str] = report.pop("missing")
    report.pop("ok", None)  # set again below from every check
    report["resources_dir"] = str(paths.resources_dir()) if "resources" not in missing else ""
    report["qt_translations"] = len(_translators)
    if get_language() != "en" and not _translators:
        missing.append(f"Qt translations qtbase_{get_language()}.qm")
    try:
        report["date_fr"] = format_date(dt.date(2026, 11, 23), "long")
    except Exception as exc:  # babel's locale data missing from the build
        report["date_fr"] = ""
        missing.append(f"babel locale data ({type(exc).__name__})")
    report["secret_store"] = secret_store_description(ctx)
    report["portable"] = paths.portable_data_dir() is not None
    try:
        report.update(render_pdf(ctx, folder))
    except Exception as exc:
        report["pdf_pages"] = 0
        missing.append(f"PDF rendering ({type(exc).__name__}: {exc})")
    if not report.get("pdf_bytes"):
        missing.append("PDF file")
    report["missing"] = missing
    if missing:
        report["ok"] = False
    report["packaging_seconds"] = round(time.perf_counter() - started, 3)
    return report
