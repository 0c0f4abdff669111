"""The Incidents page (the incident register)."""
