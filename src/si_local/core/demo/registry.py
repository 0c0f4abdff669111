"""Demo registry: Hôpital local des Deux-Rives, two sites in Allier (03) and Creuse (23)."""

from __future__ import annotations

import datetime as dt

from .. import registry as r


def _ago(today: dt.date, days: int) -> str:
    return (today - dt.timedelta(days=days)).isoformat()


def _ahead(today: dt.date, days: int) -> str:
    return (today + dt.timedelta(days=days)).isoformat()


def populate(db, today: dt.date) -> dict[str, int]:
    ids: dict[str, int] = {}
    r.save(db, r.FACILITY, {
        "name": "Hôpital local des Deux-Rives", "finess": "030000012", "kind": "hospital",
        "address": "12 rue des Tilleuls, 03190 Vallon-sur-Cher", "phone": "01 99 00 10 00",
    })
    ids["site_a"] = r.save(db, r.SITES, {
        "name": "Site des Tilleuls", "address": "12 rue des Tilleuls", "postcode": "03190",
        "city": "Vallon-sur-Cher", "department": "Allier (03)"})
    ids["site_b"] = r.save(db, r.SITES, {
        "name": "Site du Moulin", "address": "4 chemin du Moulin", "postcode": "23600",
        "city": "Boussac-les-Prés", "department": "Creuse (23)"})

    server = {"maker": "Dell", "model": "PowerEdge R650xs", "cpu": "2 × Intel Xeon Silver 4314",
              "cpu_cores": 32, "ram_gb": 384, "storage_gb": 7680, "hypervisor": "VMware ESXi 8.0",
              "purchase_date": _ago(today, 3 * 365 + 40),
              "maintenance_contract": "Dell ProSupport J+1, contrat n° PS-2023-0417"}
    ids["srv1"] = r.save(db, r.SERVERS, {
        **server, "name": "SRV-HYP-01", "site_id": ids["site_a"], "room": "Salle serveurs R-1",
        "serial": "7XK2L93", "uuid": "4c4c4544-0058-4b10-8032-b7c04f4c3933",
        "mgmt_address": "10.10.0.11", "addresses": "10.10.1.11",
        "warranty_end": _ahead(today, 60)})
    ids["srv2"] = r.save(db, r.SERVERS, {
        **server, "name": "SRV-HYP-02", "site_id": ids["site_b"], "room": "Local technique",
        "serial": "7XK2L94", "uuid": "4c4c4544-0058-4b10-8032-b7c04f4c3934",
        "mgmt_address": "10.20.0.11", "addresses": "10.20.1.11",
        "warranty_end": _ahead(today, 60)})

    vms = [
        ("VM-AD01", "Windows Server 2022", "Authentification (annuaire Active Directory, DNS)", 4, 8, 120, "10.10.1.21", "vital"),
        ("VM-DPI01", "Windows Server 2022", "Dossier patient informatisé (serveur applicatif et base)", 8, 64, 900, "10.10.1.22", "vital"),
        ("VM-GAP01", "Windows Server 2019", "Gestion administrative et financière", 4, 32, 500, "10.10.1.23", "high"),
        ("VM-FIC01", "Windows Server 2022", "Serveur de fichiers", 2, 16, 2000, "10.10.1.24", "medium"),
        ("VM-SAV01", "Windows Server 2022", "Serveur de sauvegarde", 4, 16, 200, "10.10.1.25", "high"),
        ("VM-RDS01", "Windows Server 2022", "Impression et bureau à distance", 8, 48, 300, "10.10.1.26", "high"),
        ("VM-LAB01", "Debian 12", "Liaison laboratoire (résultats de biologie)", 2, 4, 60, "10.10.1.27", "high"),
    ]
    for name, os_, role, vcpu, ram, disk, addr, crit in vms:
        ids[name] = r.save(db, r.VMS, {
            "name": name, "server_id": ids["srv1"], "os": os_, "role": role, "vcpu": vcpu,
            "ram_gb": ram, "disk_gb": disk, "addresses": addr, "criticality": crit})

    r.save(db, r.REPLICATIONS, {
        "source_server_id": ids["srv1"], "target_server_id": ids["srv2"],
        "method": "Réplication continue des VM (Veeam Replication)", "interval_minutes": 15,
        "notes": "Image complète de SRV-HYP-01 sur le site du Moulin ; bascule manuelle."})

    apps = [
        ("Dossier patient Sillage+", "Logisanté", "Dossier de soins, prescription, plan de soins",
         "vital", 4, 24, "rented", 38000, ["VM-DPI01", "VM-AD01"]),
        ("Gestion administrative du patient", "Logisanté", "Admissions, facturation",
         "high", 24, 24, "rented", 21000, ["VM-GAP01", "VM-AD01"]),
        ("Gestion économique et financière", "Logisanté", "Comptabilité, achats, paie",
         "medium", 72, 24, "rented", 17500, ["VM-GAP01"]),
        ("Liaison laboratoire", "BioLien", "Réception des résultats de biologie (HPRIM)",
         "high", 8, 4, "bought", 2400, ["VM-LAB01"]),
        ("Bureautique et fichiers partagés", "Microsoft", "Documents des services",
         "medium", 48, 24, "rented", 6200, ["VM-FIC01", "VM-RDS01"]),
    ]
    for name, vendor, module, crit, dmia, pdma, licence, cost, on in apps:
        ids[name] = r.save(db, r.APPLICATIONS, {
            "name": name, "vendor": vendor, "module": module, "criticality": crit,
            "dmia_hours": dmia, "pdma_hours": pdma, "licence": licence, "yearly_cost_eur": cost,
            "vm_ids": [ids[v] for v in on]})

    all_vms = [ids[v[0]] for v in vms]
    yesterday_night = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(23, 30))
    ids["bk_nas"] = r.save(db, r.BACKUPS, {
        "name": "Sauvegarde nocturne sur NAS", "method": "Veeam Backup, incrémentielle",
        "medium": "NAS Synology (disques)", "location": "on_site", "offline": 0, "immutable": 1,
        "encrypted": 1, "frequency_hours": 24, "retention_days": 30,
        "last_success": yesterday_night.isoformat(),
        "credential_location": "Enveloppe scellée dans le coffre de la direction",
        "vm_ids": all_vms})
    weekly = dt.datetime.combine(today - dt.timedelta(days=(today.weekday() - 4) % 7 or 7), dt.time(18, 0))
    ids["bk_disk"] = r.save(db, r.BACKUPS, {
        "name": "Disque hebdomadaire hors site", "method": "Copie complète Veeam",
        "medium": "Disque USB chiffré (rotation de 2 disques)", "location": "off_site",
        "offline": 1, "immutable": 0, "encrypted": 1, "frequency_hours": 168,
        "retention_days": 56, "last_success": weekly.isoformat(),
        "credential_location": "Coffre du site du Moulin (clé de chiffrement sur papier)",
        "vm_ids": [ids["VM-AD01"], ids["VM-DPI01"], ids["VM-GAP01"], ids["VM-FIC01"]]})
    ids["bk_cloud"] = r.save(db, r.BACKUPS, {
        "name": "Export quotidien de la base DPI chez l’éditeur", "method": "Export SQL chiffré",
        "medium": "Hébergement de l’éditeur (HDS)", "location": "off_site", "offline": 0,
        "immutable": 1, "encrypted": 1, "frequency_hours": 24, "retention_days": 90,
        "last_success": (yesterday_night - dt.timedelta(days=3)).isoformat(),
        "credential_location": "Compte géré par l’éditeur ; procédure dans le classeur PCA",
        "application_ids": [ids["Dossier patient Sillage+"]]})

    r.save(db, r.RESTORE_TESTS, {
        "backup_id": ids["bk_nas"], "tested_on": _ago(today, 54), "target": "VM-DPI01",
        "duration_minutes": 150, "result": "success",
        "notes": "Restauration complète dans un réseau isolé ; connexion au DPI vérifiée."})
    r.save(db, r.RESTORE_TESTS, {
        "backup_id": ids["bk_nas"], "tested_on": _ago(today, 230), "target": "VM-FIC01",
        "duration_minutes": 95, "result": "success"})
    r.save(db, r.RESTORE_TESTS, {
        "backup_id": ids["bk_disk"], "tested_on": _ago(today, 250), "target": "VM-AD01",
        "duration_minutes": 240, "result": "partial",
        "notes": "Disque lent : restauration plus longue que prévu, DNS à reconfigurer."})

    equipment = [
        ("OND-A1", "ups", "site_a", "Salle serveurs R-1", "Eaton", "9PX 6000i", "10.10.0.30", 500),
        ("OND-B1", "ups", "site_b", "Local technique", "Eaton", "9PX 3000i", "10.20.0.30", 70),
        ("NAS-SAV01", "nas", "site_a", "Salle serveurs R-1", "Synology", "RS1221+", "10.10.0.40", 700),
        ("SW-COEUR-A", "switch", "site_a", "Salle serveurs R-1", "HPE Aruba", "6300M", "10.10.0.2", 900),
        ("SW-COEUR-B", "switch", "site_b", "Local technique", "HPE Aruba", "6100", "10.20.0.2", 900),
        ("PARE-FEU-01", "firewall", "site_a", "Salle serveurs R-1", "Stormshield", "SN310", "10.10.0.1", 400),
        ("IMP-URG-01", "printer", "site_a", "Accueil des urgences", "Kyocera", "ECOSYS M3655", "10.10.5.10", None),
    ]
    for name, kind, site, room, maker, model, addr, warranty in equipment:
        r.save(db, r.EQUIPMENT, {
            "name": name, "kind": kind, "site_id": ids[site], "room": room, "maker": maker,
            "model": model, "address": addr,
            "warranty_end": _ahead(today, warranty) if warranty is not None else None})

    contacts = [
        ("c_dir", "Laurent Morel", "Directeur", "Hôpital local des Deux-Rives", "internal", "01 99 00 10 01", "06 99 00 10 01", "direction@deux-rives.example"),
        ("c_dira", "Claire Vidal", "Directrice adjointe", "Hôpital local des Deux-Rives", "internal", "01 99 00 10 02", "06 99 00 10 02", "c.vidal@deux-rives.example"),
        ("c_it", "Sophie Garnier", "Responsable informatique", "Hôpital local des Deux-Rives", "internal", "01 99 00 10 20", "06 99 00 10 20", "dsi@deux-rives.example"),
        ("c_tech", "Karim Benali", "Technicien informatique", "Hôpital local des Deux-Rives", "internal", "01 99 00 10 21", "06 99 00 10 21", "k.benali@deux-rives.example"),
        ("c_css", "Isabelle Fontaine", "Cadre supérieure de santé", "Hôpital local des Deux-Rives", "internal", "01 99 00 10 30", "06 99 00 10 30", "i.fontaine@deux-rives.example"),
        ("c_cs", "Marc Dupuis", "Cadre de santé, médecine", "Hôpital local des Deux-Rives", "internal", "01 99 00 10 31", "06 99 00 10 31", "m.dupuis@deux-rives.example"),
        ("c_med", "Dr Anne Lemoine", "Présidente de CME", "Hôpital local des Deux-Rives", "internal", "01 99 00 10 40", "06 99 00 10 40", "a.lemoine@deux-rives.example"),
        ("c_qual", "Nadia Roussel", "Responsable qualité et gestion des risques", "Hôpital local des Deux-Rives", "internal", "01 99 00 10 50", None, "qualite@deux-rives.example"),
        ("c_logi", "Assistance Logisanté", "Hotline éditeur (DPI, GAP, GEF)", "Logisanté", "vendor", "01 99 00 20 00", None, "support@logisante.example"),
        ("c_bio", "Support BioLien", "Hotline liaison laboratoire", "BioLien", "vendor", "01 99 00 21 00", None, "support@biolien.example"),
        ("c_dell", "Dell ProSupport", "Maintenance des serveurs", "Dell", "vendor", "01 99 00 22 00", None, None),
        ("c_ght", "DSI du GHT", "Astreinte informatique du groupement", "GHT Bocage-Combrailles", "group", "01 99 00 30 00", "06 99 00 30 00", "astreinte.dsi@ght.example"),
        ("c_ars", "ARS, point focal", "Signalement des incidents", "Agence régionale de santé", "authority", "01 99 00 40 00", None, "ars-alerte@ars.example"),
    ]
    for key, name, role, org, kind, phone, mobile, email in contacts:
        ids[key] = r.save(db, r.CONTACTS, {
            "name": name, "role": role, "organisation": org, "kind": kind, "phone": phone,
            "mobile": mobile, "email": email})
    for standin, principal in (("c_dira", "c_dir"), ("c_tech", "c_it"), ("c_cs", "c_css"),
                               ("c_qual", "c_med")):
        r.save(db, r.CONTACTS, {"standin_for_id": ids[principal]}, ids[standin])
    return ids
