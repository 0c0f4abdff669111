"""Reading an agent's inventory file: GLPI agent JSON as it is, FusionInventory XML turned into the
same shape (lists where the XML repeats a tag), whatever the encoding the file came in (split out of
inventory.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..i18n import N_, _
from .common import decode_utf8, file_error, parse_json, read_limited

LIST_SECTIONS = {
    "cpus", "drives", "storages", "memories", "networks", "virtualmachines", "softwares",
    "printers", "controllers", "usbdevices", "monitors", "inputs", "sounds", "videos", "slots",
    "batteries", "ports", "processes", "local_users", "local_groups", "users", "envs",
    "antivirus", "physical_volumes", "volume_groups", "logical_volumes", "licenseinfos", "modems",
    "firmwares", "simcards", "sensors", "powersupplies", "cameras", "network_ports",
    "network_components", "remote_mgmt", "databases_services", "firewalls",
}

# An agent's XML is five or six levels deep; a file nested thousands of levels deep is refused
# before reading it would exhaust Python's recursion.
MAX_XML_DEPTH = 64


class _TooDeep(Exception):
    pass


def _xml_to_obj(element, depth: int = 0) -> Any:
    if depth > MAX_XML_DEPTH:
        raise _TooDeep
    children = list(element)
    if not children:
        return (element.text or "").strip()
    out: dict[str, Any] = {}
    for child in children:
        key = str(child.tag).lower()
        value = _xml_to_obj(child, depth + 1)
        if key in out:
            if not isinstance(out[key], list) or key not in LIST_SECTIONS:
                out[key] = [out[key]] if not isinstance(out[key], list) else out[key]
            out[key].append(value)
        else:
            out[key] = [value] if key in LIST_SECTIONS else value
    return out


def _xml_problems() -> dict[int, str]:
    from xml.parsers.expat import errors as e

    named = {
        e.XML_ERROR_SYNTAX: N_("syntax error"),
        e.XML_ERROR_NO_ELEMENTS: N_("the file ends before the XML is complete"),
        e.XML_ERROR_INVALID_TOKEN: N_("a character or a tag is not allowed here"),
        e.XML_ERROR_UNCLOSED_TOKEN: N_("a tag is not closed"),
        e.XML_ERROR_PARTIAL_CHAR: N_("a character is cut off"),
        e.XML_ERROR_TAG_MISMATCH: N_("a closing tag does not match the opening one"),
        e.XML_ERROR_DUPLICATE_ATTRIBUTE: N_("an attribute is given twice"),
        e.XML_ERROR_JUNK_AFTER_DOC_ELEMENT: N_("text follows the end of the document"),
        e.XML_ERROR_UNDEFINED_ENTITY: N_("an unknown entity (&…;)"),
        e.XML_ERROR_BAD_CHAR_REF: N_("a reference to a character that is not allowed"),
        e.XML_ERROR_MISPLACED_XML_PI: N_("the XML declaration is not at the very start"),
        e.XML_ERROR_UNKNOWN_ENCODING: N_("the declared encoding is not known"),
        e.XML_ERROR_INCORRECT_ENCODING: N_("the declared encoding does not match the content"),
        e.XML_ERROR_UNCLOSED_CDATA_SECTION: N_("a CDATA section is not closed"),
        e.XML_ERROR_UNBOUND_PREFIX: N_("a namespace prefix is not declared"),
        e.XML_ERROR_XML_DECL: N_("the XML declaration is not well formed"),
    }
    return {e.codes[message]: text for message, text in named.items()}


def xml_problem(exc) -> str:
    """expat's « not well-formed (invalid token): line 3, column 5 » said in the user's language
    (« XML mal formé, ligne 3, colonne 5 : … »): the line and column it gives, the reason from
    its error code, never its English words."""
    line, column = getattr(exc, "position", (0, 0)) or (0, 0)
    problem = _xml_problems().get(getattr(exc, "code", None), N_("syntax error"))
    return _("XML not well formed, line {line}, column {column}: {problem}.").format(
        line=line, column=column, problem=_(problem))


_XML_ENCODING_NAME = re.compile(r"""^\W*<\?xml[^>]*?encoding\s*=\s*["']([^"']{1,40})["']""")


def _parse_xml(data: bytes, path: str) -> dict[str, Any]:
    import xml.etree.ElementTree as StdET

    from defusedxml import DefusedXmlException
    from defusedxml import ElementTree as SafeET

    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise file_error(path, _(
            "the XML file declares a DTD, entities or external references; they are refused "
            "for safety.")) from None
    except StdET.ParseError as exc:
        raise file_error(path, xml_problem(exc)) from None
    except (ValueError, LookupError):  # an encoding declaration Python cannot use, or unknown
        declared = _XML_ENCODING_NAME.search(data[:200].decode("ascii", "replace"))
        raise file_error(path, _(
            "the XML declares an encoding that cannot be read ({encoding}); save the file again "
            "as UTF-8.").format(encoding=declared.group(1) if declared else "?")) from None
    if str(root.tag).upper() != "REQUEST" or root.find("CONTENT") is None:
        raise file_error(path, _("this XML file is not a FusionInventory inventory "
                                 "(no REQUEST/CONTENT element)."))
    try:
        content = _xml_to_obj(root.find("CONTENT"))
    except _TooDeep:
        raise file_error(path, _("the XML is nested too deeply (more than {depth} levels).").format(
            depth=MAX_XML_DEPTH)) from None
    if not isinstance(content, dict):
        content = {}
    query = (root.findtext("QUERY") or "").strip().upper()
    doc: dict[str, Any] = {"content": content, "deviceid": (root.findtext("DEVICEID") or "").strip()}
    device = content.get("device")
    if isinstance(device, list):
        device = device[0] if device else None
    if isinstance(device, dict) and isinstance(device.get("info"), dict):
        info = dict(device["info"])
        ips = info.get("ips")
        if isinstance(ips, dict):
            ip = ips.get("ip")
            info["ips"] = ip if isinstance(ip, list) else [ip]
        elif ips is not None and not isinstance(ips, list):
            info["ips"] = [ips]
        if "ip" in info and "ips" not in info:
            info["ips"] = [info["ip"]]
        content["network_device"] = info
        device_type = str(info.get("type") or "").lower()
        doc["itemtype"] = "Printer" if "printer" in device_type else "NetworkEquipment"
    elif query in ("SNMPQUERY", "NETDISCOVERY"):
        doc["itemtype"] = "NetworkEquipment"
    else:
        doc["itemtype"] = "Computer"
    return doc


def _parse_json(text: str, path: str) -> dict[str, Any]:
    # an integer of thousands of digits is read as a float (infinite, then left out) instead
    # of stopping at Python's 4,300-digit limit for int()
    doc = parse_json(text, path, parse_int=lambda digits: int(digits) if len(digits) < 100
                     else float(digits))
    if not isinstance(doc, dict) or not isinstance(doc.get("content"), dict):
        raise file_error(path, _("this JSON file is not a GLPI agent inventory (no « content » object)."))
    return doc


# An XML declaration naming an encoding other than UTF-8 (ISO-8859-1…): the parser follows it.
_XML_DECLARED_ENCODING = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding\s*=\s*[\"'](?!utf-?8[\"'])[^\"']+[\"']",
    re.IGNORECASE)

_XML_ENCODING_ATTRIBUTE = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])""")


def read_document(path: Path | str) -> dict[str, Any]:
    """The inventory as a GLPI-JSON-like mapping, whichever format the file is in."""
    path_text = str(path)
    data = read_limited(path)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # UTF-16 with a byte-order mark: what Windows PowerShell 5 writes for `agent > file`
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise file_error(path_text, _("the file starts like UTF-16 text but is not valid "
                                          "UTF-16; save it again as UTF-8.")) from None
        # Read on as UTF-8; an XML declaration naming another encoding would mislead the parser.
        text = _XML_ENCODING_ATTRIBUTE.sub(r"\g<1>UTF-8\g<2>", text.lstrip("\ufeff"), count=1)
        data = text.encode("utf-8")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        if not _XML_DECLARED_ENCODING.match(data):
            decode_utf8(data, path_text)  # no declared encoding: UTF-8, else say so by name
        return _parse_xml(data, path_text)
    if head in (b"{", b"["):
        return _parse_json(decode_utf8(data, path_text), path_text)
    if not data.strip():
        raise file_error(path_text, _("the file is empty."))
    raise file_error(path_text, _(
        "this file is not an agent inventory (expected GLPI agent JSON or FusionInventory XML)."))
