"""Shared fixtures: real SQLite files in a temporary data folder, Qt offscreen."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the user's real data folder nor the real keyring.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


@pytest.fixture(autouse=True)
def _data_dir(tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("SI_LOCAL_DATA_DIR", str(folder))
    monkeypatch.setenv("SI_LOCAL_LANG", "fr")
    # The suite's day is TODAY, whatever the machine's date (the demo is built on that day too);
    # only the date is fixed: the time of day still moves, so snapshot names stay distinct.
    monkeypatch.setenv("SI_LOCAL_TODAY", TODAY.isoformat())
    from si_local.core import i18n

    i18n.set_language("fr")
    # The demo window files its snapshots apart by setting this in the process; never let one
    # test's demo decide where the next test's snapshots go.
    monkeypatch.delenv("SI_LOCAL_SNAPSHOTS_DIR", raising=False)
    yield folder
    os.environ.pop("SI_LOCAL_SNAPSHOTS_DIR", None)
    i18n.set_language("fr")


@pytest.fixture(autouse=True)
def _tasks_at_once(monkeypatch):
    """The one way background work runs in tests: every task runner made during the test runs
    its tasks at once in the calling thread (``tasks.ImmediatePool``), through the real worker
    (its own database connection, the same failure convention). A test wanting real threads
    gives its runner a ``QThreadPool``."""
    try:
        from si_local.ui import tasks
    except ImportError:  # pragma: no cover - PySide6 missing: no window in this test
        yield
        return
    monkeypatch.setattr(tasks, "default_pool", tasks.ImmediatePool)
    yield


class Answers:
    """Stands for the user at every box of the window (``si_local.ui.kit.messages``): records
    what was asked and told, answers « Oui » (``yes = False``: « Non ») and, for a box with its
    own buttons, ``choice`` (None: its first button when ``yes``, closed otherwise)."""

    def __init__(self):
        self.asked: list[tuple[str, str]] = []  # (title, text) of each question
        self.told: list[tuple[str, object, str, str]] = []  # (kind, parent, title, text)
        self.questions: list = []  # the messages.Question of each box with its own buttons
        self.yes = True
        self.choice: str | None = None

    def texts(self, kind: str | None = None) -> list[str]:
        """What was told (only « tell », « warn » or « error » when ``kind`` is given)."""
        return [text for k, _p, _t, text in self.told if kind is None or k == kind]

    def ask(self, parent, title, text, *, default_no=True) -> bool:
        self.asked.append((title, text))
        return self.yes

    def _told(self, kind):
        from si_local import APP_NAME
        from si_local.ui.kit import messages

        def say(parent, text, *, title=None):
            self.told.append((kind, parent, title or APP_NAME, messages.message_of(text)))
        return say

    def choose(self, parent, question):
        self.questions.append(question)
        self.asked.append((question.title, question.text))
        if self.choice is not None:
            return self.choice
        first = question.buttons[0]
        return (first if isinstance(first, str) else first[0]) if self.yes else None


@pytest.fixture
def answers(monkeypatch) -> Answers:
    """The user's answers to the window's boxes (see :class:`Answers`)."""
    from si_local.ui.kit import messages

    given = Answers()
    monkeypatch.setattr(messages, "ask", given.ask)
    monkeypatch.setattr(messages, "choose", given.choose)
    for kind in ("tell", "warn", "error"):
        monkeypatch.setattr(messages, kind, given._told(kind))
    return given


@pytest.fixture
def english():
    from si_local.core import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("fr")


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.sqlite"


@pytest.fixture
def ctx(db_path):
    """The application context on a new database, built as the window and the command line
    build theirs (``context.open_context``)."""
    from si_local.core.context import open_context

    context = open_context(db_path)
    yield context
    context.close()


@pytest.fixture
def db(ctx):
    return ctx.db


TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo database, built once per test session (copy it before writing to it)."""
    from si_local.core.demo import build_demo

    folder = tmp_path_factory.mktemp("demo")
    os.environ.setdefault("SI_LOCAL_DATA_DIR", str(folder))
    path = folder / "demo.sqlite"
    database = build_demo(path, today=TODAY)
    database.close()
    return path


@pytest.fixture
def demo_path(demo_template, tmp_path) -> Path:
    import shutil

    from si_local.core import identity

    target = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, target)
    # a copied file takes an identity of its own when first opened for writing: done here, so
    # that a test comparing the file before and after an operation sees only that operation
    identity.claim_file(target)
    return target


@pytest.fixture
def demo_ctx(demo_path):
    """The application context on a copy of the demo database (``context.open_context``)."""
    from si_local.core.context import open_context

    context = open_context(demo_path)
    yield context
    context.close()


@pytest.fixture
def demo_db(demo_ctx):
    return demo_ctx.db


from support import run_cli  # noqa: E402,F401  (re-exported for older imports)
