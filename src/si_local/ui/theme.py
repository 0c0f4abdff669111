"""A calm, readable look: Fusion style, a soft palette, a clear sidebar, larger titles.

Widgets opt in with a dynamic property: ``setProperty("role", "title" | "subtitle" | "hint" |
"figure" | "error" …)`` and ``setProperty("textsize", "11" | "12" | "13-bold" | "18-bold")``, or
``kit.roles.set_role(widget, role)`` when the role changes while shown. No
widget has a style sheet of its own (tests/ui/test_ui_shape.py): every colour and size is here.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette

ACCENT = "#2f6690"
# colours of the roles below, named once
ERROR_RED = "#b00020"  # the registry's forms, the import dialogs
DIALOG_RED = "#B03A2E"  # the other areas' dialogs
WARNING_BACKGROUND, WARNING_BORDER, WARNING_TEXT = "#FFF4D6", "#E0B252", "#5A4100"
PROPOSAL_BACKGROUND, PROPOSAL_BORDER = "#fff6d6", "#e0c46c"
ATTENDANCE_COLOURS = {"present": "#CDEBD3", "absent": "#F6CFCA", "excused": "#E6E6E6"}
ATTENDANCE_TEXT = "#1A1A1A"
SEVERITY_COLOURS = {"high": "#b3261e", "medium": "#a15c00", "low": "#3b5b7a"}
SEVERITY_OTHER = "#333"
READINESS_COLOURS = {"met": "#CDEBD3", "missing": "#F6CFCA", "declared": "#D4E3F5",
                     "programme": "#E6ECF1"}  # Conformité: statuses, a programme's row
STYLE = """
QWidget { font-size: 10pt; }
QListWidget#sidebar { outline: 0;
    background: #24384a; color: #e8eef3; border: none; padding-top: 10px; font-size: 11pt;
}
QListWidget#sidebar::item { padding: 10px 16px; border-left: 4px solid transparent; }
QListWidget#sidebar::item:selected { background: #345068; color: white; border-left: 4px solid #8fc1e3; }
QListWidget#sidebar::item:hover:!selected { background: #2c4358; }
QListWidget#subnav { outline: 0; background: #eef2f5; border: none; border-right: 1px solid #d5dde3; padding-top: 8px; }
QListWidget#subnav::item { padding: 7px 12px; color: #1f2d3a; }
QListWidget#subnav::item:selected { background: #d4e3ef; color: #10222f; font-weight: bold; }
QLabel[role="title"] { font-size: 15pt; font-weight: bold; color: #1f2d3a; padding: 2px 0 4px 0; }
QLabel[role="subtitle"] { font-size: 12pt; font-weight: bold; }
QLabel[role="hint"] { color: #5a6772; }
QLabel[role="figure"] { font-size: 20pt; font-weight: bold; color: #2f6690; }
QLabel[role="error"] { color: #b00020; }
QFrame[role="card"] { background: white; border: 1px solid #d5dde3; border-radius: 6px; }
QTableView { gridline-color: #e3e8ec; selection-background-color: #cfe0ee; selection-color: #10222f; }
QHeaderView::section { background: #eef2f5; padding: 5px 6px; border: none;
                       border-bottom: 1px solid #cfd8df; border-right: 1px solid #e0e6ea; font-weight: bold; }
QListView#alerts_high, QListView#alerts_medium, QListView#alerts_low { background: white; border: 1px solid #d5dde3; border-radius: 4px; }
QListView#alerts_high::item, QListView#alerts_medium::item, QListView#alerts_low::item { padding: 5px 8px; border-bottom: 1px solid #eef2f5; }
QListView#alerts_high::item:selected, QListView#alerts_medium::item:selected, QListView#alerts_low::item:selected { background: #d4e3ef; color: #10222f; }
QGroupBox { font-weight: bold; border: 1px solid #d5dde3; border-radius: 6px; margin-top: 14px; padding: 10px; }
QGroupBox::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; }
QPushButton { padding: 5px 14px; }
QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox, QPlainTextEdit { padding: 3px; }
QStatusBar { color: #5a6772; }
"""
# larger text, a « textsize » property beside the role (diagnostic.common.BigLabel, a few controls)
STYLE += "".join(f'*[textsize="{size}"] {{ font-size: {size}pt; }}\n' for size in (11, 12))
STYLE += "".join(f'*[textsize="{size}-bold"] {{ font-size: {size}pt; font-weight: bold; }}\n'
                 for size in (13, 18))
STYLE += f"""
QLabel[role="error-strong"] {{ color: {ERROR_RED}; font-weight: bold; }}
QLabel[role="dialog-error"] {{ color: {DIALOG_RED}; }}
QLabel[role="warning-box"] {{ background: {WARNING_BACKGROUND}; border: 1px solid {WARNING_BORDER};
    border-radius: 4px; padding: 6px; color: {WARNING_TEXT}; }}
QLabel[role="padded"] {{ padding: 6px; }}
QLabel[role="heading"] {{ font-size: 16pt; font-weight: bold; }}
QLabel[role="clock"] {{ font-size: 18pt; font-weight: bold; }}
QLabel[role="question-number"] {{ font-size: 15pt; font-weight: bold; color: {ACCENT}; }}
QLabel[role="question-text"] {{ font-size: 14pt; font-weight: bold; }}
QFrame#proposal {{ background: {PROPOSAL_BACKGROUND}; border: 1px solid {PROPOSAL_BORDER}; border-radius: 6px; }}
QPushButton[role="answer-status"] {{ font-size: 11pt; padding: 6px 18px; }}
QPushButton[role="answer-status"]:checked {{ background: {ACCENT}; color: white; }}
"""
STYLE += "".join(f"QPushButton#mark_{status} {{ background: {colour}; font-size: 12pt; "
                 f"color: {ATTENDANCE_TEXT}; }}\n" for status, colour in ATTENDANCE_COLOURS.items())
STYLE += "".join(f'QLabel[role="readiness-{state}"] {{ background: {colour}; color: {ATTENDANCE_TEXT}; '
                 f'border-radius: 4px; padding: 3px 8px; font-weight: bold; }}\n'
                 for state, colour in READINESS_COLOURS.items())
STYLE += f'QLabel[role="subtitle"][severity] {{ color: {SEVERITY_OTHER}; }}\n'
STYLE += "".join(f'QLabel[role="subtitle"][severity="{severity}"] {{ color: {colour}; }}\n'
                 for severity, colour in SEVERITY_COLOURS.items())


def apply_theme(app) -> None:
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f6f8fa"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f3f6f8"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1f2d3a"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1f2d3a"))
    app.setPalette(palette)
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLE)
