"""How a widget takes its look from the application style sheet (``ui/theme.py``): a « role »
property matched there (``QLabel[role="error"]``), never a style sheet of its own."""

from __future__ import annotations


def set_role(widget, role: str | None, name: str = "role") -> None:
    """Give ``widget`` the style of ``role`` (None: none), also when it changes while shown (a
    summary that turns red): Qt reads a property in a selector only when the widget is polished."""
    if widget.property(name) == role:
        return
    widget.setProperty(name, role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
