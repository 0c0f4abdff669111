"""Parts of the Registry page that are more than a list of records (installed programs)."""
