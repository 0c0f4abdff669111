"""Merge rules of core-model packs: standard items, local adaptations, newer packs."""

import json

import pytest

from si_local.core.db import open_database
from si_local.core.errors import ImportFileError, UserError
from si_local.core.group import packs

RULE = {"registry_kind": "servers", "pattern": "SRV-[A-Z0-9-]+"}
FIELD = {"registry_kind": "servers", "field": "warranty_end"}


@pytest.fixture
def group_db(tmp_path):
    db = open_database(tmp_path / "group.sqlite")
    packs.add_rule(db, "naming_rule", "servers-name", "Serveurs : SRV-…", RULE)
    packs.add_rule(db, "required_field", "servers-warranty", "Fin de garantie", FIELD)
    yield db
    db.close()


@pytest.fixture
def facility_db(tmp_path):
    db = open_database(tmp_path / "facility.sqlite")
    yield db
    db.close()


def _publish(group_db, tmp_path, version, name="pack.json"):
    path = tmp_path / f"v{version}-{name}"
    packs.export_pack(group_db, path, "GHT Bocage-Combrailles", version=version)
    return packs.read_pack(path)


def test_first_pack_imports_every_item_as_standard(group_db, facility_db, tmp_path):
    pack = _publish(group_db, tmp_path, 1)
    plan = packs.apply_pack(facility_db, pack)
    assert plan.summary()["new"] == len(pack["items"]) >= 2
    assert {i.state for i in packs.items(facility_db)} == {packs.STATE_STANDARD}
    assert packs.share(facility_db) == {"standard": len(pack["items"]), "local": 0,
                                        "total": len(pack["items"])}


def test_local_change_is_shown_and_survives_a_newer_pack(group_db, facility_db, tmp_path):
    packs.apply_pack(facility_db, _publish(group_db, tmp_path, 1))
    rule = packs.items(facility_db, "naming_rule")[0]
    mine = {**RULE, "pattern": "(SRV|HYP)-[A-Z0-9-]+"}
    packs.adapt(facility_db, rule.id, mine)
    adapted = packs.item(facility_db, rule.id)
    assert adapted.state == packs.STATE_LOCAL
    assert adapted.differences() == ["pattern"]
    assert packs.share(facility_db)["local"] == 1

    # The group changes the same rule and the required field, then publishes version 2.
    group_rule = packs.items(group_db, "naming_rule")[0]
    packs.adapt(group_db, group_rule.id, {**RULE, "pattern": "SRV[0-9]+"})
    group_field = packs.items(group_db, "required_field")[0]
    packs.adapt(group_db, group_field.id, {**FIELD, "field": "serial"})
    pack2 = _publish(group_db, tmp_path, 2)
    plan = packs.plan_pack(facility_db, pack2)
    assert plan.summary()["kept_local"] == 1 and plan.summary()["updated"] == 1
    packs.apply_pack(facility_db, pack2, plan)

    rule = packs.item(facility_db, rule.id)
    assert rule.effective == mine  # the local change survived
    assert rule.standard["pattern"] == "SRV[0-9]+"  # and the new standard is known
    assert rule.state == packs.STATE_LOCAL_OUTDATED
    field = packs.items(facility_db, "required_field")[0]
    assert field.state == packs.STATE_STANDARD and field.effective["field"] == "serial"

    packs.keep_local(facility_db, rule.id)
    assert packs.item(facility_db, rule.id).state == packs.STATE_LOCAL
    packs.take_standard(facility_db, rule.id)
    rule = packs.item(facility_db, rule.id)
    assert rule.state == packs.STATE_STANDARD and rule.effective["pattern"] == "SRV[0-9]+"


def test_adapting_back_to_the_standard_is_standard(group_db, facility_db, tmp_path):
    packs.apply_pack(facility_db, _publish(group_db, tmp_path, 1))
    rule = packs.items(facility_db, "naming_rule")[0]
    packs.adapt(facility_db, rule.id, {**RULE, "pattern": "X"})
    packs.adapt(facility_db, rule.id, dict(RULE))
    assert packs.item(facility_db, rule.id).state == packs.STATE_STANDARD


def test_same_pack_twice_changes_nothing_and_older_pack_is_refused(group_db, facility_db, tmp_path):
    pack1 = _publish(group_db, tmp_path, 1)
    packs.apply_pack(facility_db, pack1)
    pack2 = _publish(group_db, tmp_path, 2)
    packs.apply_pack(facility_db, pack2)
    again = packs.plan_pack(facility_db, pack2)
    assert again.summary()["unchanged"] == len(pack2["items"])
    before = [(i.key, i.standard, i.local) for i in packs.items(facility_db)]
    with pytest.raises(UserError, match="plus ancien"):
        packs.plan_pack(facility_db, pack1)
    assert [(i.key, i.standard, i.local) for i in packs.items(facility_db)] == before


def test_altered_pack_is_refused(group_db, tmp_path):
    path = tmp_path / "pack.json"
    packs.export_pack(group_db, path, "GHT", version=1)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["items"][0]["title"] = "changé à la main"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ImportFileError, match="pack.json"):
        packs.read_pack(path)


@pytest.mark.parametrize("content, message", [
    (b"{not json", "JSON"),
    (b'{"format": "autre"}', "pas un"),
    ("é".encode("latin-1"), "UTF-8"),
])
def test_bad_pack_files(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        packs.read_pack(path)


def test_invalid_naming_rule_is_refused(facility_db):
    with pytest.raises(ImportFileError):
        packs.add_rule(facility_db, "naming_rule", "bad", "Bad", {"registry_kind": "servers",
                                                                  "pattern": "("})


def test_core_model_rules_raise_home_alerts(group_db, facility_db, tmp_path):
    from si_local.core import registry as reg
    from si_local.core.alerts import collect

    packs.apply_pack(facility_db, _publish(group_db, tmp_path, 1))
    reg.save(facility_db, reg.SERVERS, {"name": "SRV-HYP-01", "warranty_end": "2030-01-01"})
    assert not [a for a in collect(facility_db) if a.area == "group"]
    reg.save(facility_db, reg.SERVERS, {"name": "vieux-serveur"})
    messages = [a.message for a in collect(facility_db) if a.area == "group"]
    assert len(messages) == 2
    assert any("vieux-serveur" in m for m in messages)


def test_training_modules_flow_down_and_local_changes_survive(demo_db, tmp_path):
    from si_local.core import training

    module = training.modules(demo_db)[0]
    pack1 = tmp_path / "v1.json"
    packs.export_pack(demo_db, pack1, "GHT", version=1)
    facility = open_database(tmp_path / "facility.sqlite")
    packs.apply_pack(facility, packs.read_pack(pack1))
    mine = next(m for m in training.modules(facility) if m["name"] == module["name"])
    assert mine["duration_minutes"] == module["duration_minutes"]
    assert mine["profiles"] == module["profiles"]

    # The facility lengthens the session; the group rewrites the description.
    training.save_module(facility, {**mine, "duration_minutes": 240}, mine["id"])
    training.save_module(demo_db, {**module, "description": "Nouvelle version du module"},
                         module["id"])
    pack2 = tmp_path / "v2.json"
    packs.export_pack(demo_db, pack2, "GHT", version=2)
    plan = packs.plan_pack(facility, packs.read_pack(pack2))
    assert [c.title for c, _e, _f in plan.kept_local] == [module["name"]]
    packs.apply_pack(facility, packs.read_pack(pack2))
    after = next(m for m in training.modules(facility) if m["name"] == module["name"])
    assert after["duration_minutes"] == 240  # the local change survived
    item = next(i for i in packs.items(facility, "training_module") if i.title == module["name"])
    assert item.state == packs.STATE_LOCAL_OUTDATED
    assert item.standard["description"] == "Nouvelle version du module"
    assert "duration_minutes" in item.differences()
    facility.close()


def test_a_module_changed_on_the_training_page_shows_as_local_at_once(demo_db, tmp_path):
    """No need to wait for the next pack: status, share and the CLI see the change."""
    from si_local.core import training
    from support import run_cli

    pack = tmp_path / "v1.json"
    packs.export_pack(demo_db, pack, "GHT", version=1)
    path = tmp_path / "facility.sqlite"
    facility = open_database(path)
    packs.apply_pack(facility, packs.read_pack(pack))
    total = packs.share(facility)["total"]
    mine = training.modules(facility)[0]
    training.save_module(facility, {**mine, "duration_minutes": 240}, mine["id"])
    item = next(i for i in packs.items(facility, "training_module") if i.title == mine["name"])
    assert item.state == packs.STATE_LOCAL and item.differences() == ["duration_minutes"]
    assert packs.share(facility) == {"standard": total - 1, "local": 1, "total": total}
    facility.close()
    result = run_cli("group", "status", "--db", str(path))
    line = next(x for x in result.stdout.splitlines() if mine["name"] in x)
    assert line.startswith("Adapté localement") and "durée" in line  # the field as people name it
    assert "duration_minutes" not in line


def test_taking_the_standard_or_adapting_a_module_reaches_the_training_tables(demo_db, tmp_path):
    from si_local.core import training

    pack = tmp_path / "v1.json"
    packs.export_pack(demo_db, pack, "GHT", version=1)
    facility = open_database(tmp_path / "facility.sqlite")
    packs.apply_pack(facility, packs.read_pack(pack))
    mine = training.modules(facility)[0]
    standard_minutes = mine["duration_minutes"]
    training.save_module(facility, {**mine, "duration_minutes": 240}, mine["id"])
    item = next(i for i in packs.items(facility, "training_module") if i.title == mine["name"])
    # back to the standard from the Group page: the module itself goes back
    packs.take_standard(facility, item.id)
    assert training.modules(facility)[0]["duration_minutes"] == standard_minutes
    assert packs.item(facility, item.id).state == packs.STATE_STANDARD
    # adapted from the Group page: the Training page shows the adapted module
    packs.adapt(facility, item.id, {**item.standard, "duration_minutes": 90})
    assert training.modules(facility)[0]["duration_minutes"] == 90
    adapted = packs.item(facility, item.id)
    assert adapted.state == packs.STATE_LOCAL and adapted.local["duration_minutes"] == 90
    facility.close()


def test_same_version_with_other_content_is_refused(group_db, facility_db, tmp_path):
    packs.apply_pack(facility_db, _publish(group_db, tmp_path, 2))
    rule = packs.items(group_db, "naming_rule")[0]
    packs.adapt(group_db, rule.id, {**RULE, "pattern": "SRV[0-9]+"})
    before = [(i.key, i.standard, i.local) for i in packs.items(facility_db)]
    with pytest.raises(UserError, match="version 2"):
        packs.apply_pack(facility_db, _publish(group_db, tmp_path, 2, "other.json"))
    assert [(i.key, i.standard, i.local) for i in packs.items(facility_db)] == before


def test_adapt_refuses_an_invalid_item_and_writes_nothing(group_db, facility_db, tmp_path):
    packs.apply_pack(facility_db, _publish(group_db, tmp_path, 1))
    rule = packs.items(facility_db, "naming_rule")[0]
    before = list(facility_db["core_model_item"].rows)
    for bad in ({**RULE, "pattern": "SRV-("}, {**RULE, "registry_kind": "nothing"}, "SRV-.*"):
        with pytest.raises(ImportFileError):
            packs.adapt(facility_db, rule.id, bad)
    assert list(facility_db["core_model_item"].rows) == before


def test_difference_labels_name_the_changed_fields(group_db, facility_db, tmp_path):
    packs.apply_pack(facility_db, _publish(group_db, tmp_path, 1))
    rule = packs.items(facility_db, "naming_rule")[0]
    assert rule.difference_labels() == ""
    packs.adapt(facility_db, rule.id, {**RULE, "pattern": "SRV[0-9]+", "title": "Serveurs"})
    adapted = packs.item(facility_db, rule.id)
    assert adapted.differences() == ["pattern", "title"]
    assert adapted.difference_labels() == f"pattern, {packs.field_label('title')}"


def test_effective_texts_take_the_local_version_else_the_standard(group_db, facility_db, tmp_path):
    from sqlite_utils import Database

    assert packs.effective_texts(Database(memory=True), "naming_rule") == []  # no group tables
    assert packs.effective_texts(facility_db, "naming_rule") == []
    packs.apply_pack(facility_db, _publish(group_db, tmp_path, 1))
    rule = packs.items(facility_db, "naming_rule")[0]
    [(where, text)] = packs.effective_texts(facility_db, "naming_rule")
    assert rule.title in where and json.loads(text) == RULE
    mine = {**RULE, "pattern": "(SRV|HYP)-[A-Z0-9-]+"}
    packs.adapt(facility_db, rule.id, mine)
    assert [json.loads(t) for _w, t in packs.effective_texts(facility_db, "naming_rule")] == [mine]


@pytest.mark.parametrize("pattern", ["(a+)+b", "(a|aa)*", "(x*)*y", r"(a)\1", "(a?)+b"])
def test_a_naming_rule_that_could_backtrack_for_hours_is_refused(facility_db, tmp_path, pattern):
    """``(a+)+b`` against a 32-character name kept ``check`` busy for hours: a pack (even with a
    recomputed checksum) holding such a rule is refused, and a database holding one (written
    before this check) is read without running it."""
    with pytest.raises(ImportFileError, match="répétitions imbriquées|nested repetitions"):
        packs.add_rule(facility_db, "naming_rule", "bad", "Bad",
                       {"registry_kind": "servers", "pattern": pattern})
    group = open_database(tmp_path / "g.sqlite")
    packs.add_rule(group, "naming_rule", "ok", "OK", RULE)
    path = tmp_path / "pack-piege.json"
    packs.export_pack(group, path, "GHT", version=1)
    pack = json.loads(path.read_text(encoding="utf-8"))
    entry = next(e for e in pack["items"] if e["kind"] == "naming_rule")
    entry["data"]["pattern"] = pattern
    pack["checksum"] = packs.checksum(pack["items"])
    path.write_text(json.dumps(pack), encoding="utf-8")
    with pytest.raises(ImportFileError, match="répétitions imbriquées|nested repetitions"):
        packs.read_pack(path)
    group.close()


def test_home_alerts_skip_a_dangerous_rule_already_in_the_database(facility_db, group_db,
                                                                   tmp_path):
    from si_local.core import registry as reg
    from si_local.core.alerts import collect

    packs.apply_pack(facility_db, _publish(group_db, tmp_path, 1))
    reg.save(facility_db, reg.SERVERS, {"name": "a" * 32})
    with facility_db.conn:  # as a file written before the check would hold it
        for row in facility_db.query("SELECT id, standard FROM core_model_item "
                                     "WHERE kind = 'naming_rule'"):
            data = json.loads(row["standard"])
            data["pattern"] = "(a+)+b"
            facility_db.execute("UPDATE core_model_item SET standard = ?, base = ? WHERE id = ?",
                                [json.dumps(data), json.dumps(data), row["id"]])
    import signal

    def too_long(*_args):
        raise TimeoutError("the naming rule ran for more than 20 s")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(20)
    try:
        collect(facility_db)  # returns at once (it ran the pattern: hours on 32 letters)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _pack_with_template(group_db, tmp_path, edit) -> "Path":
    """A pack holding one scenario template, changed by ``edit(text)``, its checksum recomputed."""
    from si_local.core import continuity

    template = json.loads(continuity.templates_path().read_text(encoding="utf-8"))["templates"][0]
    packs.add_rule(group_db, "scenario_template", "fuzz", "Modèle", template)
    path = tmp_path / "pack-modele.json"
    packs.export_pack(group_db, path, "GHT", version=1)
    pack = json.loads(path.read_text(encoding="utf-8"))
    pack = edit(pack)
    pack["checksum"] = packs.checksum(pack["items"])
    path.write_text(json.dumps(pack), encoding="utf-8")
    return path


def test_a_template_step_of_more_minutes_than_sqlite_holds_is_refused(group_db, tmp_path):
    """2**63 minutes used to be taken, then « Ajouter depuis un modèle » failed on it
    (« erreur inattendue »: Python int too large to convert to SQLite INTEGER)."""
    def edit(pack):
        entry = next(e for e in pack["items"] if e["kind"] == "scenario_template")
        entry["data"]["steps"][0]["minutes"] = 2**63
        return pack

    with pytest.raises(ImportFileError, match="minutes.*au plus 525"):
        packs.read_pack(_pack_with_template(group_db, tmp_path, edit))


def test_a_pack_holding_half_a_utf16_pair_is_refused(tmp_path):
    """« \\ud800 » decodes into a string that cannot be written as UTF-8 (nor in SQLite)."""
    path = tmp_path / "pack.json"
    path.write_text('{"format": "si-local-core-model", "format_version": 1, "group": "G\\ud800",'
                    ' "version": 1, "items": [], "checksum": "%s"}' % packs.checksum([]),
                    encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"pack\.json.*\\ud800.*UTF-16") as info:
        packs.read_pack(path)
    assert "\n" not in str(info.value)
