"""The UI kit: what every page builds its lists with (tables, list tabs)."""
