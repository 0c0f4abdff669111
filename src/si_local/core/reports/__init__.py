"""Printed documents (reportlab), one module per document, sharing :mod:`.common`."""
