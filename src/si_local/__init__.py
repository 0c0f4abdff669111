"""SI Local: the offline companion of a small health facility's information system."""

from importlib import metadata as _metadata

APP_NAME = "SI Local"
APP_ID = "si-local"

try:
    __version__ = _metadata.version("si-local")
except _metadata.PackageNotFoundError:  # running from a source tree or a frozen build
    __version__ = "0.1.0"
