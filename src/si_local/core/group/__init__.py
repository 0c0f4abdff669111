"""Working as a group: core-model packs flowing down, consolidated bundles flowing up."""

from .packs import alerts  # noqa: F401  (Home: naming rules and required fields of the core model)
