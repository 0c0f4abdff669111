"""The impact analysis pre-fills what an incident touched: a picked server gives the VMs'
applications, the critical activities that need them and the units those activities cover."""

from __future__ import annotations

from si_local.core import incidents as inc


def test_a_server_prefills_applications_activities_and_units(demo_db):
    servers = inc.pickable(demo_db, "server")
    assert servers
    best = max(servers, key=lambda s: len(inc.impact_links(demo_db, [inc.Link("server", s["name"], s["id"])])))
    picked = [inc.Link("server", best["name"], best["id"])]
    found = inc.impact_links(demo_db, picked)
    kinds = {link.kind for link in found}
    assert {"application", "activity"} <= kinds
    assert all(link.origin == "impact" for link in found)
    # a picked application is not added twice
    app = next(link for link in found if link.kind == "application")
    again = inc.impact_links(demo_db, picked + [inc.Link("application", app.name, app.record_id)])
    assert ("application", app.record_id) not in {(link.kind, link.record_id) for link in again}


def test_find_record_by_name(demo_db):
    server = inc.pickable(demo_db, "server")[0]
    assert inc.find_record(demo_db, "server", server["name"]).record_id == server["id"]
