"""Demo contracts of the Hôpital local des Deux-Rives: the EHR vendor's maintenance (with its
hotline), the hosting of the EHR's database, the firewall's support (its notice deadline about
40 days ahead of today, so Home warns), licences renewed tacitly, the printers' rental and the
laboratory link's maintenance. Dates are relative to ``today``."""

from __future__ import annotations

import datetime as dt

from .. import registry as r
from ..contracts import add_months


def _id(db, table: str, name: str) -> int:
    return db.execute(f"SELECT id FROM {table} WHERE name = ?", [name]).fetchone()[0]


def _vendors(db) -> dict[str, int]:
    """The suppliers: the registry's vendors given a hotline, and three more."""
    ids = {}
    for name, hotline, hours in (
        ("Assistance Logisanté", "01 99 00 20 20",
         "Du lundi au vendredi, 8 h–18 h ; astreinte 24 h/24 pour une panne bloquante du DPI"),
        ("Support BioLien", "01 99 00 21 21", "Du lundi au vendredi, 8 h–17 h"),
    ):
        ids[name] = _id(db, "contact", name)
        r.save(db, r.CONTACTS, {"hotline": hotline, "support_hours": hours}, ids[name])
    for name, role, org, phone, hotline, hours, email in (
        ("Support Numéria", "Hébergement agréé HDS de la base du DPI", "Numéria Santé",
         "01 99 00 23 00", "01 99 00 23 23", "24 h/24, 7 j/7", "support@numeria.example"),
        ("Support Arvéa", "Intégrateur du pare-feu Stormshield", "Arvéa Réseaux",
         "01 99 00 24 00", "01 99 00 24 24", "Du lundi au vendredi, 8 h 30–17 h 30",
         "support@arvea.example"),
        ("SAV Bureau Services", "Location et entretien des imprimantes",
         "Bureau Services Centre", "01 99 00 25 00", "01 99 00 25 25",
         "Du lundi au vendredi, 9 h–17 h", "sav@bsc.example"),
        ("Service LicencePro", "Revendeur des licences Microsoft", "LicencePro",
         "01 99 00 26 00", None, None, "contrats@licencepro.example"),
    ):
        ids[name] = r.save(db, r.CONTACTS, {
            "name": name, "role": role, "organisation": org, "kind": "vendor", "phone": phone,
            "hotline": hotline, "support_hours": hours, "email": email})
    return ids


def populate(db, today: dt.date) -> None:
    vendors = _vendors(db)
    app = {name: _id(db, "application", name) for name in (
        "Dossier patient Sillage+", "Gestion administrative du patient",
        "Gestion économique et financière", "Liaison laboratoire",
        "Bureautique et fichiers partagés")}
    firewall_end = add_months(today + dt.timedelta(days=40), 2)  # notice: 2 months
    contracts = [
        {"name": "Maintenance Logisanté (DPI, GAP, GEF)", "kind": "maintenance",
         "reference": "LS-2021-0088", "supplier_id": vendors["Assistance Logisanté"],
         "service_level": "J+1 ouvré, 8 h–18 h ; 4 h pour une panne bloquante du DPI",
         "start_date": add_months(today, -30).isoformat(),
         "end_date": add_months(today, 18).isoformat(), "notice_period": 6,
         "notice_unit": "months", "tacit_renewal": 0, "yearly_cost_eur": 76500,
         "application_ids": [app["Dossier patient Sillage+"],
                             app["Gestion administrative du patient"],
                             app["Gestion économique et financière"]]},
        {"name": "Hébergement HDS de la base du DPI", "kind": "hosting",
         "reference": "NS-HDS-2024-112", "supplier_id": vendors["Support Numéria"],
         "service_level": "Disponibilité 99,8 % ; rétablissement en 4 h, 24 h/24",
         "start_date": add_months(today, -14).isoformat(),
         "end_date": add_months(today, 22).isoformat(), "notice_period": 3,
         "notice_unit": "months", "tacit_renewal": 0, "yearly_cost_eur": 9600,
         "application_ids": [app["Dossier patient Sillage+"]]},
        {"name": "Support du pare-feu Stormshield", "kind": "support",
         "reference": "ARV-SN310-0457", "supplier_id": vendors["Support Arvéa"],
         "service_level": "Prise en charge en 4 h ouvrées ; échange du boîtier J+1",
         "start_date": add_months(firewall_end, -36).isoformat(),
         "end_date": firewall_end.isoformat(), "notice_period": 2, "notice_unit": "months",
         "tacit_renewal": 0, "yearly_cost_eur": 1450,
         "equipment_ids": [_id(db, "equipment", "PARE-FEU-01")]},
        {"name": "Licences Microsoft, Windows Server", "kind": "licence",
         "reference": "EA-77310452", "supplier_id": vendors["Service LicencePro"],
         "start_date": add_months(today, -29).isoformat(),
         "end_date": add_months(today, -17).isoformat(), "notice_period": 60,
         "notice_unit": "days", "tacit_renewal": 1, "renewal_months": 12,
         "yearly_cost_eur": 6200,
         "application_ids": [app["Bureautique et fichiers partagés"]],
         "server_ids": [_id(db, "server", "SRV-HYP-01"), _id(db, "server", "SRV-HYP-02")],
         "notes": "Reconduit chaque année sauf dénonciation 60 jours avant l’échéance."},
        {"name": "Location des imprimantes", "kind": "rental", "reference": "BSC-LOC-3312",
         "supplier_id": vendors["SAV Bureau Services"],
         "service_level": "Intervention sur site J+1 ouvré",
         "start_date": add_months(today, -13).isoformat(),
         "end_date": add_months(today, 47).isoformat(), "notice_period": 6,
         "notice_unit": "months", "tacit_renewal": 0, "yearly_cost_eur": 3840,
         "equipment_ids": [_id(db, "equipment", "IMP-URG-01")]},
        {"name": "Maintenance de la liaison laboratoire", "kind": "maintenance",
         "reference": "BL-2022-031", "supplier_id": vendors["Support BioLien"],
         "service_level": "Prise en charge dans la journée ouvrée",
         "start_date": add_months(today, -40).isoformat(),
         "end_date": add_months(today, -4).isoformat(), "notice_period": 3,
         "notice_unit": "months", "tacit_renewal": 1, "renewal_months": 12,
         "yearly_cost_eur": 480, "application_ids": [app["Liaison laboratoire"]]},
    ]
    for values in contracts:
        r.save(db, r.CONTRACTS, values)
