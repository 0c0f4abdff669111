"""Validation rules for what people type: FINESS numbers, addresses, dates, numbers, e-mails.

Each ``check_*`` function returns the normalised value or raises ``ValueError`` with a message in
the user's language.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .i18n import _, format_number

# The longest text a field of each type holds, in characters: ONE table, used by the registry's
# validation, the forms (``QLineEdit.setMaxLength``), bundle and inventory imports. A field may
# override it (``Field(max_length=…)``). Short, one-line text (names, host names, serials,
# versions, one address, an e-mail, a phone number): 200. Several addresses in one field: 2,000
# (ten IPv6 addresses with prefixes take ~500; the CSV reader takes 2,000 per cell). Multi-line
# text (notes, descriptions): 10,000.
MAX_LENGTHS: dict[str, int] = {
    "text": 200,
    "address": 200,
    "email": 200,
    "phone": 200,
    "finess": 200,
    "addresses": 2_000,
    "longtext": 10_000,
}

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 .()\-]{4,25}$")


def check_length(label: str, text: str, limit: int | None) -> str:
    """``text`` when it holds at most ``limit`` characters; else ValueError naming the field
    (``label`` already in the user's language): « Nom : 5 000 caractères, au plus 200. »"""
    if limit is not None and len(text) > limit:
        raise ValueError(_("{field}: {length} characters, at most {limit}.").format(
            field=label, length=format_number(len(text)), limit=format_number(limit)))
    return text


@dataclass(frozen=True)
class Text:
    """A free-text column outside the registry (continuity plan, training plan, self-diagnostic,
    core model): its label (English source, translated when shown) and its type, a key of
    :data:`MAX_LENGTHS` ("text": one line, 200; "longtext": notes, descriptions, 10,000). Each area
    lists its columns in one ``TEXT_COLUMNS`` table ({table: {column: Text}}) that its save
    functions, its windows and bundle imports read; ``tests/core/test_field_lengths.py`` fails on
    a TEXT column of those areas that is neither there nor in the area's ``OTHER_TEXT_COLUMNS``."""

    label: str
    type: str = "text"
    max_length: int | None = None  # overrides the type's default

    @property
    def limit(self) -> int:
        return self.max_length if self.max_length is not None else MAX_LENGTHS[self.type]


def check_texts(columns: Mapping[str, Text], values: Mapping[str, Any], errors: dict[str, str],
                *, by_label: bool = False) -> None:
    """Add to ``errors`` each of ``values`` longer than its column of ``columns`` allows (spaces
    around do not count, as they are not stored). Areas whose errors are keyed by the field's name
    get the whole message (« Nom : 5 000 caractères, au plus 200. »); with ``by_label`` the key is
    the field's label and the message the rest (« 5 000 caractères, au plus 200. »), so that the
    window's « {field} : {message} » reads the same."""
    for name, value in values.items():
        column = columns.get(name)
        if column is None or value is None:
            continue
        text = str(value).strip()
        if len(text) <= column.limit:
            continue
        if by_label:
            errors[_(column.label)] = _("{length} characters, at most {limit}.").format(
                length=format_number(len(text)), limit=format_number(column.limit))
        else:
            try:
                check_length(_(column.label), text, column.limit)
            except ValueError as exc:
                errors[name] = str(exc)


def finess_check_digit(first8: str) -> int:
    """Luhn key of the first 8 characters of a FINESS number.

    Corsica numbers start with 2A / 2B, which count as 0 for the key.
    """
    digits = [0 if c in "AB" else int(c) for c in first8]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 0:  # double every other digit, starting from the right of the first 8
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def check_finess(value: str) -> str:
    text = re.sub(r"\s", "", value or "").upper()
    if not re.fullmatch(r"(\d{2}|2A|2B)\d{7}", text):
        raise ValueError(_("A FINESS number has 9 characters: the department then 7 digits."))
    if finess_check_digit(text[:8]) != int(text[8]):
        raise ValueError(_("This FINESS number's check digit is wrong: check for a typo."))
    return text


def check_address(value: str) -> str:
    """One IPv4/IPv6 address (optionally with /prefix) or a host name."""
    text = (value or "").strip()
    try:
        if "/" in text:
            return str(ipaddress.ip_interface(text))
        return str(ipaddress.ip_address(text))
    except ValueError:
        pass
    if re.fullmatch(r"[0-9.]+", text):
        raise ValueError(_("This is not a valid IP address."))
    if _HOSTNAME.match(text):
        return text
    raise ValueError(_("Enter an IP address (for example 10.0.0.12) or a host name."))


def check_addresses(value: str) -> str:
    """Several addresses separated by commas, semicolons or spaces."""
    parts = [p for p in re.split(r"[,;\s]+", (value or "").strip()) if p]
    checked = []
    for part in parts:
        try:
            checked.append(check_address(part))
        except ValueError as exc:
            raise ValueError(_("{value}: {problem}").format(value=part, problem=exc)) from None
    return ", ".join(checked)


FIRST_YEAR, LAST_YEAR = 1900, 2200  # the years a date of the app may have


def check_date(value: str | dt.date) -> str:
    """A date typed as 23/11/2026, 23-11-2026 or 2026-11-23; stored as ISO."""
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = (value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not 1900 <= day.year <= 2200:
            break
        return day.isoformat()
    if impossible_date(text):
        raise ValueError(_("{date} does not exist.").format(date=text))
    raise ValueError(_("Enter a date as DD/MM/YYYY."))


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YEAR_MONTH_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def impossible_date(text: str) -> bool:
    """« 31/02/2026 »: written as a date (a day up to 31, a month up to 12) but no such day."""
    text = (text or "").strip()
    if match := _DAY_MONTH_YEAR.match(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    elif match := _YEAR_MONTH_DAY.match(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        return False
    if not (1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2200):
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return True
    return False


def check_datetime(value: str | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    text = (value or "").strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).isoformat()
        except ValueError:
            continue
    try:
        return check_date(text) + "T00:00:00"
    except ValueError:
        raise ValueError(_("Enter a date and time as DD/MM/YYYY HH:MM.")) from None


SQLITE_MAX_INT = 2**63 - 1  # the largest integer SQLite stores


def _number(value, *, integer: bool, minimum: float | None, maximum: float | None):
    if isinstance(value, bool):
        raise ValueError(_("Enter a number."))
    if isinstance(value, (int, float)):
        number = value
    else:
        text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(
                _("Enter a whole number.") if integer else _("Enter a number.")
            ) from None
    if isinstance(number, float) and not math.isfinite(number):  # "inf", "nan", 400 nines
        raise ValueError(_("Enter a whole number.") if integer else _("Enter a number."))
    if integer:
        if isinstance(number, float):
            if number != int(number):
                raise ValueError(_("Enter a whole number."))
            number = int(number)
    if minimum is not None and number < minimum:
        raise ValueError(_("The value must be at least {minimum}.").format(minimum=minimum))
    if maximum is not None and number > maximum:
        raise ValueError(_("The value must be at most {maximum}.").format(maximum=maximum))
    if integer and abs(number) > SQLITE_MAX_INT:  # SQLite cannot store it (OverflowError)
        raise ValueError(_("The value must be at most {maximum}.").format(maximum=SQLITE_MAX_INT))
    return number


def check_int(value, minimum: float | None = 0, maximum: float | None = None) -> int:
    return _number(value, integer=True, minimum=minimum, maximum=maximum)


def check_float(value, minimum: float | None = 0, maximum: float | None = None) -> float:
    return float(_number(value, integer=False, minimum=minimum, maximum=maximum))


def check_email(value: str) -> str:
    text = (value or "").strip()
    if not _EMAIL.match(text):
        raise ValueError(_("Enter an e-mail address such as name@example.fr."))
    return text


def check_phone(value: str) -> str:
    text = (value or "").strip()
    if not _PHONE.match(text) or sum(c.isdigit() for c in text) < 4:
        raise ValueError(_("Enter a phone number (digits, spaces, + and dots)."))
    return text
