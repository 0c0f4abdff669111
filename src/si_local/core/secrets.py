"""Secrets (passwords, encryption keys) go to the operating system's keyring, and only there.

:class:`SecretStore` wraps ``keyring``. It has an explicit *unavailable* state: when keyring has
no secure backend (``keyring.backends.fail``, the null backend, a chainer with nothing to chain,
or only the plain-text file of ``keyrings.alt`` picked by default on a headless Linux), the store
refuses to store anything and says why — it never falls back to writing secrets elsewhere. A
backend named explicitly by the user (``PYTHON_KEYRING_BACKEND`` or keyring's configuration file)
is respected.

The database holds only references (table ``secret_ref``, step m002): account, label, where the
secret is kept on paper, and a random key under which the keyring stores the value.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from .errors import UserError, ValidationError
from .i18n import N_, _
from .logs import remember_secret
from .validation import Text, check_texts

log = logging.getLogger(__name__)

SERVICE = "si-local"

# registry kind key -> registry table: the owners a credential can belong to (the CHECK of
# secret_ref.owner_kind, step m002, accepts these keys; a test compares them)
OWNER_TABLES = {
    "servers": "server", "vms": "vm", "applications": "application", "backups": "backup",
    "equipment": "equipment",
}

# The longest text each free-text column of a credential reference holds (validation.MAX_LENGTHS):
# read by save_ref, the credential dialog's line edits and bundle imports.
TEXT_COLUMNS: dict[str, dict[str, Text]] = {
    "secret_ref": {"account": Text(N_("Account")), "label": Text(N_("Label")),
                   "location_note": Text(N_("Kept on paper at"))},
}
# TEXT columns that hold no free text: the owner's kind, keyring names, dates and times.
OTHER_TEXT_COLUMNS = {"secret_ref": {"owner_kind", "service", "key", "created_at", "updated_at"}}

KINDS = {
    "servers": N_("server"), "vms": N_("virtual machine"), "applications": N_("application"),
    "backups": N_("backup"), "equipment": N_("equipment"),
}

FRIENDLY = {
    "keyring.backends.SecretService": N_("Secret Service (GNOME Keyring, KeePassXC…)"),
    "keyring.backends.libsecret": N_("Secret Service (libsecret)"),
    "keyring.backends.kwallet": N_("KDE KWallet"),
    "keyring.backends.Windows": N_("Windows Credential Manager"),
    "keyring.backends.macOS": N_("macOS Keychain"),
    "keyrings.alt.file": N_("plain-text file (keyrings.alt) — for tests only"),
}


class SecretStoreError(UserError):
    """The keyring refused or is missing; the message says what to do."""


@dataclass(frozen=True)
class Status:
    available: bool
    backend: str  # module.Class of the backend in use (or considered)
    label: str  # for people
    reason: str = ""  # when unavailable


def _explicitly_chosen() -> bool:
    import keyring.core

    try:
        return keyring.core.load_env() is not None or keyring.core.load_config() is not None
    except Exception:  # a broken keyring configuration: treat as not chosen
        return False


def _name(backend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__name__}"


def _label(backend) -> str:
    module = type(backend).__module__
    return _(FRIENDLY[module]) if module in FRIENDLY else _name(backend)


def resolve_backend(backend=None):
    """(usable backend or None, Status). Pure decision, no secret is read or written."""
    import keyring
    from keyring.backends import chainer, fail

    try:
        from keyring.backends import null
        null_types: tuple = (null.Keyring,)
    except ImportError:  # pragma: no cover
        null_types = ()
    if backend is None:
        backend = keyring.get_keyring()
    no_store = _("no secure store on this workstation: secrets are not stored")
    if isinstance(backend, (fail.Keyring, *null_types)):
        return None, Status(False, _name(backend), no_store,
                            _("keyring found no backend (no Secret Service, KWallet, Windows or "
                              "macOS keychain)"))
    if isinstance(backend, chainer.ChainerBackend):
        strong = [b for b in backend.backends if b.priority >= 1
                  and not isinstance(b, (fail.Keyring, *null_types))]
        if not strong:
            return None, Status(False, _name(backend), no_store,
                                _("keyring has nothing secure to chain"))
        backend = strong[0]
    if backend.priority < 1 and not _explicitly_chosen():
        return None, Status(False, _name(backend), no_store,
                            _("the only store found keeps secrets in a plain file ({name}); "
                              "SI Local refuses it").format(name=_name(backend)))
    return backend, Status(True, _name(backend), _label(backend))


class SecretStore:
    """Secrets by reference key, in a keyring service (``si-local/<database identity>``).

    Creating one is free: keyring (slow to load) is consulted on first use only.
    """

    def __init__(self, backend=None):
        self._given = backend
        self._resolved = False
        self._backend = None
        self._status: Status | None = None

    def _resolve(self) -> None:
        if self._resolved:
            return
        try:
            self._backend, self._status = resolve_backend(self._given)
        except Exception as exc:  # keyring itself broken on this machine
            log.exception("keyring could not be initialised")
            self._backend = None
            self._status = Status(False, "?", _("no secure store on this workstation: secrets are "
                                                "not stored"), str(exc))
        self._resolved = True

    @property
    def status(self) -> Status:
        self._resolve()
        return self._status

    @property
    def available(self) -> bool:
        self._resolve()
        return self._backend is not None

    @property
    def backend_name(self) -> str:
        return self.status.backend

    def description(self) -> str:
        return self.describe()

    def describe(self) -> str:
        if self.available:
            return _("Secrets are kept in: {backend}.").format(backend=self.status.label)
        return _("No secure store on this workstation: secrets are not stored ({reason}).").format(
            reason=self.status.reason)

    def _require(self):
        self._resolve()
        if self._backend is None:
            raise SecretStoreError(self.describe())
        return self._backend

    def set(self, key: str, value: str, service: str = SERVICE) -> None:
        if not value:
            raise ValidationError({_("secret"): _("the secret is empty")})
        remember_secret(value)  # masked in the log from now on
        backend = self._require()
        try:
            backend.set_password(service, key, value)
        except Exception as exc:
            log.warning("keyring refused to store %s: %s", key, type(exc).__name__)
            raise SecretStoreError(_("The keyring refused to store the secret ({error}); "
                                     "nothing was stored.").format(error=type(exc).__name__)) from exc

    def get(self, key: str, service: str = SERVICE) -> str | None:
        backend = self._require()
        try:
            value = backend.get_password(service, key)
        except Exception as exc:
            raise SecretStoreError(_("The keyring could not be read ({error}).")
                                   .format(error=type(exc).__name__)) from exc
        remember_secret(value)  # masked in the log from now on
        return value

    def has(self, key: str, service: str = SERVICE) -> bool:
        if not self.available:
            return False
        try:
            return self.get(key, service) is not None
        except SecretStoreError:
            return False

    def delete(self, key: str, service: str = SERVICE) -> None:
        backend = self._require()
        try:
            backend.delete_password(service, key)
        except Exception:  # not there: nothing to delete
            pass


# --- references in the database -----------------------------------------------------------------

def service_for(db) -> str:
    """The keyring service of this database's secrets: ``si-local/<identity>``, so that a copy of
    the file (or a bundle imported elsewhere) never overwrites the original's secrets."""
    from .identity import read

    found = read(db)
    return f"{SERVICE}/{found.uuid}" if found is not None else SERVICE


def is_stored(store: SecretStore, ref: dict) -> bool:
    """The keyring holds the secret of reference ``ref`` (where the reference says it is)."""
    return store.has(ref["key"], ref.get("service") or SERVICE)

def _owner_table(kind: str) -> str:
    if kind not in OWNER_TABLES:
        raise UserError(_("{kind}: credentials can be recorded only for {kinds}.").format(
            kind=kind, kinds=", ".join(OWNER_TABLES)))
    return OWNER_TABLES[kind]


def find_owner(db, kind: str, name: str) -> int:
    """The id of the record of ``kind`` called ``name`` (case-insensitive)."""
    table = _owner_table(kind)
    rows = db.execute(f'SELECT id FROM "{table}" WHERE name = ? COLLATE NOCASE', [name]).fetchall()
    if not rows:
        raise UserError(_("{kind}: no record named “{name}”.").format(kind=kind, name=name))
    if len(rows) > 1:
        raise UserError(_("{kind}: several records are named “{name}”.").format(kind=kind, name=name))
    return rows[0][0]


def refs_for(db, kind: str, owner_id: int) -> list[dict]:
    _owner_table(kind)
    return [dict(r) for r in db.query(
        "SELECT * FROM secret_ref WHERE owner_kind = ? AND owner_id = ? "
        "ORDER BY account COLLATE FRENCH, id", [kind, owner_id])]


def ref_count(db) -> int:
    """How many credentials are recorded (their references; never the secrets)."""
    return db.execute("SELECT COUNT(*) FROM secret_ref").fetchone()[0]


def all_refs(db) -> list[dict]:
    return [dict(r) for r in db.query("SELECT * FROM secret_ref ORDER BY owner_kind, owner_id, id")]


def save_ref(db, kind: str, owner_id: int, account: str, label: str = "",
             location_note: str = "", ref_id: int | None = None) -> int:
    """Create or update a reference (never a secret value). Returns its id."""
    table = _owner_table(kind)
    account = (account or "").strip()
    if not account:
        raise ValidationError({_("Account"): _("required")})
    errors: dict[str, str] = {}
    check_texts(TEXT_COLUMNS["secret_ref"], {"account": account, "label": label,
                                             "location_note": location_note}, errors, by_label=True)
    if errors:
        raise ValidationError(errors)
    if not db.execute(f'SELECT 1 FROM "{table}" WHERE id = ?', [owner_id]).fetchone():
        raise UserError(_("{kind}: record {id} does not exist.").format(kind=kind, id=owner_id))
    clash = db.execute(
        "SELECT id FROM secret_ref WHERE owner_kind = ? AND owner_id = ? AND account = ? "
        "AND id IS NOT ?", [kind, owner_id, account, ref_id]).fetchone()
    if clash:
        raise ValidationError({_("Account"): _("“{account}” is already recorded for this record.")
                               .format(account=account)})
    values = {"owner_kind": kind, "owner_id": owner_id, "account": account,
              "label": (label or "").strip(), "location_note": (location_note or "").strip()}
    with db.atomic():
        if ref_id is None:
            values["key"] = uuid.uuid4().hex
            values["service"] = service_for(db)
            return db["secret_ref"].insert(values).last_pk
        db.execute(
            "UPDATE secret_ref SET account = ?, label = ?, location_note = ?, "
            "updated_at = strftime('%Y-%m-%dT%H:%M:%S', 'now') WHERE id = ?",
            [values["account"], values["label"], values["location_note"], ref_id])
    return ref_id


def get_ref(db, ref_id: int) -> dict:
    row = db.execute("SELECT * FROM secret_ref WHERE id = ?", [ref_id]).fetchone()
    if row is None:
        raise UserError(_("Credential {id} does not exist.").format(id=ref_id))
    cols = [c[0] for c in db.execute("SELECT * FROM secret_ref LIMIT 0").description]
    return dict(zip(cols, row, strict=True))


def store_secret(db, store: SecretStore, ref_id: int, value: str) -> None:
    """Put the value of reference ``ref_id`` in the keyring (refused when there is none)."""
    ref = get_ref(db, ref_id)
    service = service_for(db)  # a copy's new secret goes under its own name, never the original's
    store.set(ref["key"], value, service)
    with db.atomic():  # only the date (and, for a copy, where the secret is) changes
        db.execute("UPDATE secret_ref SET service = ?, "
                   "updated_at = strftime('%Y-%m-%dT%H:%M:%S', 'now') WHERE id = ?",
                   [service, ref_id])


def reveal(db, store: SecretStore, ref_id: int) -> str | None:
    ref = get_ref(db, ref_id)
    return store.get(ref["key"], ref["service"] or SERVICE)


def delete_ref(db, store: SecretStore, ref_id: int) -> None:
    ref = get_ref(db, ref_id)
    with db.atomic():
        db.execute("DELETE FROM secret_ref WHERE id = ?", [ref_id])
    if store.available and ref["service"] == service_for(db):
        # only this database's own entry: a copy's reference may still name the original's
        store.delete(ref["key"], ref["service"])


def set_for(db, store: SecretStore, kind: str, name: str, account: str, value: str,
            label: str = "", location_note: str = "") -> int:
    """The command line's ``secret set``: find or create the reference, store the value.

    The keyring is checked first, so nothing is written to the database when it is missing.
    """
    store._require()
    if not value:
        raise ValidationError({_("secret"): _("the secret is empty")})
    owner_id = find_owner(db, kind, name)
    existing = [r for r in refs_for(db, kind, owner_id) if r["account"] == (account or "").strip()]
    if existing:
        ref_id = existing[0]["id"]
        if label or location_note:
            save_ref(db, kind, owner_id, account, label or existing[0]["label"],
                     location_note or existing[0]["location_note"], ref_id=ref_id)
    else:
        ref_id = save_ref(db, kind, owner_id, account, label, location_note)
    try:
        store_secret(db, store, ref_id, value)
    except UserError:
        if not existing:
            with db.atomic():
                db.execute("DELETE FROM secret_ref WHERE id = ?", [ref_id])
        raise
    return ref_id
