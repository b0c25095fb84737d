#!/usr/bin/env bash
# Builds the Debian package, installs it on this machine and checks it the way a user would
# meet it: `passerelle --version`, the desktop entry and the AppStream metadata as installed,
# then the installed /usr/bin/passerelle started under Xvfb until its window shows.
# Called by .ci/run after the tests; needs root (apt-get), like the rest of .ci/run.
#
# Prints: package size, installed size, time from launch to the window (lock screen).
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_DEB_VERSION=3.8.0
METAINFO=fr.passerelle.Passerelle.metainfo.xml
started=$(date +%s)
fail() { echo "build-deb.sh : ÉCHEC : $*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "il faut être root (ou avoir sudo) pour installer le paquet avec apt-get"
    SUDO=sudo
fi

# Tools to check the installed files and start the program without a screen.
missing=()
command -v desktop-file-validate >/dev/null || missing+=(desktop-file-utils)
command -v appstreamcli >/dev/null || missing+=(appstream)
command -v xvfb-run >/dev/null || missing+=(xvfb xauth)
command -v xdotool >/dev/null || missing+=(xdotool)
command -v dpkg-shlibdeps >/dev/null || missing+=(dpkg-dev)
if [ ${#missing[@]} -gt 0 ]; then
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
        || fail "installation de ${missing[*]} impossible"
fi
if ! cargo deb --version 2>/dev/null | grep -q "$CARGO_DEB_VERSION"; then
    cargo install --locked cargo-deb --version "$CARGO_DEB_VERSION" \
        || fail "installation de cargo-deb $CARGO_DEB_VERSION impossible (réseau ? crates.io ?)"
fi

# One release build, then the package from it.
cargo build --release --locked || fail "la compilation release a échoué"
# The installed guide sits beside its screenshots (usr/share/doc/passerelle/screenshots/).
mkdir -p target/debian-doc
sed 's#\.\./assets/screenshots/#screenshots/#g' docs/guide.md > target/debian-doc/guide.md
rm -f target/debian/passerelle_*.deb
cargo deb --no-build || fail "cargo deb n'a pas produit le paquet"
debs=(target/debian/passerelle_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "paquet introuvable dans target/debian/"
deb="${debs[0]}"

$SUDO apt-get install -y -qq --reinstall "./$deb" >/dev/null || fail "apt-get n'a pas pu installer $deb"

# What a user and a software centre see.
version_line=$(/usr/bin/passerelle --version | head -1) || fail "/usr/bin/passerelle --version a échoué"
expected="passerelle $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
[ "$version_line" = "$expected" ] || fail "--version affiche « $version_line », attendu « $expected »"
/usr/bin/passerelle --version | grep -q '^SQLCipher : 4\.' || fail "--version ne donne pas la version de SQLCipher 4"
desktop=/usr/share/applications/passerelle.desktop
desktop-file-validate "$desktop" || fail "entrée de bureau invalide : $desktop"
appstreamcli validate --no-net "/usr/share/metainfo/$METAINFO" || fail "métadonnées AppStream invalides"
launchable=$(sed -n 's#.*<launchable type="desktop-id">\(.*\)</launchable>.*#\1#p' "/usr/share/metainfo/$METAINFO")
[ -f "/usr/share/applications/$launchable" ] || fail "AppStream lance « $launchable », absent de /usr/share/applications"
for f in /usr/share/icons/hicolor/{64x64,128x128,256x256}/apps/passerelle.png \
    /usr/share/icons/hicolor/scalable/apps/passerelle.svg \
    /usr/share/doc/passerelle/{guide.md,THIRD-PARTY-LICENSES.txt,README.md}; do
    [ -s "$f" ] || fail "fichier absent du paquet installé : $f"
done
for shot in $(sed -n 's#.*<image[^>]*>.*/\([^/]*\.png\)</image>.*#\1#p' "/usr/share/metainfo/$METAINFO"); do
    [ -s "/usr/share/doc/passerelle/screenshots/$shot" ] || fail "capture d'écran absente : $shot"
done

# Start the installed program on a base made by the installed command line, in a throwaway
# home: it must open on the lock screen of that base.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
printf 'une phrase de passe pour la CI\n' > "$home/pass"
/usr/bin/passerelle --passphrase-file "$home/pass" init > /dev/null 2>&1 \
    || fail "passerelle init (emplacement par défaut) a échoué"
[ -f "$XDG_DATA_HOME/passerelle/passerelle.db" ] || fail "la base n'est pas dans \$XDG_DATA_HOME/passerelle/"

cat > "$home/launch.sh" <<'INNER'
set -u
start=$(date +%s%N)
/usr/bin/passerelle > "$HOME/app.log" 2>&1 &
pid=$!
window=""
deadline=$((start + 30000000000))
while [ "$(date +%s%N)" -lt "$deadline" ]; do
    window=$(xdotool search --onlyvisible --name '^Passerelle$' 2>/dev/null | head -1)
    [ -n "$window" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
done
end=$(date +%s%N)
if [ -n "$window" ]; then
    echo $(( (end - start) / 1000000 )) > "$HOME/launch_ms"
    sleep 1
    import -window root "$HOME/launch.png" 2>/dev/null || true
fi
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ -n "$window" ]
INNER
xvfb-run -a -s "-screen 0 1366x768x24" bash "$home/launch.sh" \
    || { cat "$home/app.log" >&2; fail "la fenêtre de Passerelle n'est pas apparue en 30 s"; }
launch_ms=$(cat "$home/launch_ms")
if [ -f "$home/launch.png" ]; then cp "$home/launch.png" target/debian/launch.png; fi

deb_size=$(stat -c %s "$deb")
installed_kib=$(dpkg-query -W -f='${Installed-Size}' passerelle)
echo "Paquet : $deb ($((deb_size / 1024)) Kio)"
echo "Taille installée : $installed_kib Kio"
echo "Lancement → fenêtre (écran de verrouillage) : $launch_ms ms"
echo "build-deb.sh : réussi en $(( $(date +%s) - started )) s"
