"""Property-based tests: the readers never fail with anything but ImportFileError."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from si_local.core.errors import ImportFileError
from si_local.core.interop import csv_io, inventory
from si_local.core.interop.csv_lines import CsvProblem, CsvReader

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**12) | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["name", "memory", "uuid", "ssn", "core", "disksize", "ipaddress", "vmsystem",
                         "full_name", "capacity", "vcpu", "type", "ips", "serial", "total", "x"]),
        children, max_size=5),
    max_leaves=25)
sections = st.dictionaries(
    st.sampled_from(["hardware", "bios", "cpus", "storages", "drives", "memories", "networks",
                     "operatingsystem", "virtualmachines", "network_device"]),
    json_values, max_size=6)


@SETTINGS
@given(content=sections, itemtype=st.sampled_from(["Computer", "NetworkEquipment", "Printer", None, 3]))
@example(content={"cpus": {"core": float("inf")}, "hardware": None}, itemtype="Computer")  # found once
@example(content={"memories": [{"capacity": 10**400}]}, itemtype="Computer")
def test_json_inventory_reader_never_crashes(tmp_path_factory, content, itemtype):
    path = tmp_path_factory.mktemp("inv") / "x.json"
    doc = {"deviceid": "d", "content": content}
    if itemtype is not None:
        doc["itemtype"] = itemtype
    path.write_text(json.dumps(doc), encoding="utf-8")
    try:
        devices = inventory.read_inventory(path)
    except ImportFileError as exc:
        assert str(path) in str(exc)
        return
    assert devices and devices[0].kind in ("servers", "vms", "equipment")


xml_names = st.sampled_from(["REQUEST", "CONTENT", "HARDWARE", "NAME", "MEMORY", "BIOS", "SSN",
                             "VIRTUALMACHINES", "UUID", "DEVICE", "INFO", "IPS", "IP", "X"])
xml_tree = st.recursive(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=15).map(
        lambda t: t.replace("&", "&amp;").replace("<", "&lt;")),
    lambda children: st.tuples(xml_names, st.lists(children, max_size=3)).map(
        lambda pair: "".join(f"<{pair[0]}>{c}</{pair[0]}>" for c in pair[1]) or f"<{pair[0]}/>"),
    max_leaves=20)


@SETTINGS
@given(body=xml_tree, garbage=st.binary(max_size=20))
def test_xml_inventory_reader_never_crashes(tmp_path_factory, body, garbage):
    folder = tmp_path_factory.mktemp("inv")
    for name, data in (("a.xml", f"<REQUEST><CONTENT>{body}</CONTENT></REQUEST>".encode()),
                       ("b.xml", b"<REQUEST>" + garbage)):
        path = folder / name
        path.write_bytes(data)
        try:
            inventory.read_inventory(path)
        except ImportFileError as exc:
            assert str(path) in str(exc)


@SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes_give_devices_or_import_file_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("inv") / "x.bin"
    path.write_bytes(data)
    try:
        inventory.read_inventory(path)
    except ImportFileError:
        pass


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@SETTINGS
@given(header=st.lists(st.sampled_from(["Nom", "name", "Serveur hôte", "RAM", "Criticité", "vCPU",
                                         "Adresses", "uuid", "??", ""]), min_size=1, max_size=6),
       rows=st.lists(st.lists(cells, max_size=7), max_size=6),
       delimiter=st.sampled_from([";", ",", "\t"]))
def test_csv_reader_never_crashes(demo_template, tmp_path_factory, header, rows, delimiter):
    from si_local.core.db import open_database

    folder = tmp_path_factory.mktemp("csv")
    path = folder / "vms.csv"
    text = "\n".join(delimiter.join(line) for line in [header] + rows)
    path.write_text(text, encoding="utf-8")
    db = open_database(demo_template, read_only=True)
    try:
        result, good = csv_io.plan_csv(db, "vms", path)
    except ImportFileError as exc:
        assert str(path) in str(exc)
        return
    finally:
        db.close()
    physical_lines = len(text.splitlines()) + 1
    for error in result.errors:
        assert 1 <= error.line <= physical_lines and error.reason
    assert len(good) + result.unchanged <= len(rows)


@SETTINGS
@given(data=st.binary(max_size=200))
def test_csv_read_any_bytes(tmp_path_factory, data):
    """Any bytes, decoded and read as an import reads them: records, problems or one error."""
    try:
        text, _encoding = csv_io.decode(data, "x.csv")
        for item in CsvReader(text, "x.csv", csv_io._delimiter(text)):
            assert isinstance(item, CsvProblem) or isinstance(item[1], list)
    except ImportFileError as exc:
        assert "x.csv" in str(exc)
