"""What each area contributes to the window, by direct reference: its page in the sidebar and its
menu entries. The core side (alerts, demo, deletion warnings) is in ``core/areas.py``.

A page's module, and a menu entry's, is imported when the page is first shown or the entry first
used (a faster start): each factory below imports it inside the function. No module is named in
a string and no area "may be missing": every module listed here exists (``tests/ui/test_ui_menus.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.i18n import N_


@dataclass(frozen=True)
class Page:
    key: str  # the page's objectName is page_<key>; MainWindow.pages[key]
    title: str  # English, translated when shown
    create: Callable  # create(ctx, parent) -> QWidget (optional refresh() on show)


@dataclass(frozen=True)
class MenuEntry:
    name: str  # the action's objectName is action_<name>
    label: str  # English, translated when shown
    shortcut: str
    run: Callable  # run(main_window)


def _home(ctx, parent):
    from .pages import home

    return home.create_page(ctx, parent)


def _registry(ctx, parent):
    from .pages import registry

    return registry.create_page(ctx, parent)


def _continuity(ctx, parent):
    from .continuity import page

    return page.create_page(ctx, parent)


def _diagnostic(ctx, parent):
    from .diagnostic import page

    return page.create_page(ctx, parent)


def _training(ctx, parent):
    from .training import page

    return page.create_page(ctx, parent)


def _group(ctx, parent):
    from .group import page

    return page.create_page(ctx, parent)


def _readiness(ctx, parent):
    from .readiness import page

    return page.create_page(ctx, parent)


def _incidents(ctx, parent):
    from .incidents import page

    return page.create_page(ctx, parent)


def _settings(ctx, parent):
    from .pages import settings

    return settings.create_page(ctx, parent)


# The sidebar, in this order (Ctrl+1…9).
PAGES: tuple[Page, ...] = (
    Page("home", N_("Home"), _home),
    Page("registry", N_("Registry"), _registry),
    Page("continuity", N_("Continuity"), _continuity),
    Page("diagnostic", N_("Self-diagnostic"), _diagnostic),
    Page("training", N_("Training"), _training),
    Page("group", N_("Group"), _group),
    Page("readiness", N_("Readiness"), _readiness),
    Page("incidents", N_("Incidents"), _incidents),
    Page("settings", N_("Settings"), _settings),
)


def import_inventories(window) -> None:
    from . import import_dialog

    import_dialog.import_inventories(window)


def import_csv(window) -> None:
    from . import import_dialog

    import_dialog.import_csv(window)


def import_certificates(window) -> None:
    from . import certificate_import

    certificate_import.import_certificates(window)


def export_csv(window) -> None:
    from . import import_dialog

    import_dialog.export_csv(window)


def import_bundle(window) -> None:
    from . import import_dialog

    import_dialog.import_bundle(window)


def export_bundle(window) -> None:
    from . import import_dialog

    import_dialog.export_bundle(window)


def import_backup_reports(window) -> None:
    from . import backup_reports

    backup_reports.import_backup_reports(window)


def show_calendar(window) -> None:
    from . import obligations

    obligations.show_calendar(window)


def backup_now(window) -> None:
    from . import snapshots

    snapshots.backup_now(window)


def restore(window) -> None:
    from . import snapshots

    snapshots.restore(window)


def show_audit(window) -> None:
    from .sections import audit

    audit.show_audit(window)


def quit_app(window) -> None:
    window.close()


def show_guide(window) -> None:
    from . import guide

    guide.show_guide(window)


def show_about(window) -> None:
    from . import about

    about.show_about(window)


# The menu bar: (English title, entries); None is a separator.
MENUS: tuple[tuple[str, tuple[MenuEntry | None, ...]], ...] = (
    (N_("&File"), (
        MenuEntry("import_inventories", N_("Import agent inventories…"), "Ctrl+I",
                  import_inventories),
        MenuEntry("import_csv", N_("Import a spreadsheet (CSV)…"), "", import_csv),
        MenuEntry("import_certificates", N_("Import certificates…"), "", import_certificates),
        MenuEntry("export_csv", N_("Export a spreadsheet (CSV)…"), "", export_csv),
        MenuEntry("import_bundle", N_("Import a facility bundle…"), "", import_bundle),
        MenuEntry("export_bundle", N_("Export the facility bundle…"), "", export_bundle),
        MenuEntry("import_backup_reports", N_("Import backup reports…"), "", import_backup_reports),
        None,
        MenuEntry("show_calendar", N_("Calendar of obligations…"), "", show_calendar),
        None,
        MenuEntry("backup_now", N_("Back up the database now…"), "Ctrl+Shift+S", backup_now),
        MenuEntry("restore", N_("Restore from a snapshot or a file…"), "", restore),
        MenuEntry("show_audit", N_("Audit trail…"), "", show_audit),
        None,
        MenuEntry("quit_app", N_("&Quit"), "Ctrl+Q", quit_app),
    )),
    (N_("&Help"), (
        MenuEntry("show_guide", N_("User &guide"), "F1", show_guide),
        MenuEntry("show_about", N_("&About SI Local"), "", show_about),
    )),
)
