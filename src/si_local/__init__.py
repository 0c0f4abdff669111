"""SI Local: the offline companion of a small health facility's information system."""

APP_NAME = "SI Local"
APP_ID = "si-local"

# The one place the version is written besides pyproject.toml; tests/test_version.py checks that
# both agree. (importlib.metadata would cost ~50 ms at every start and is absent in a frozen build.)
__version__ = "0.1.0"
