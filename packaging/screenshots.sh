#!/usr/bin/env bash
# Takes the screenshots of the AppStream metainfo and of the guide (assets/screenshots/) from
# the real program, under Xvfb at 1366×768, on a demonstration base of fictitious households
# created with the command line in a temporary directory (never the real data directory).
#
#   bash packaging/screenshots.sh [BINAIRE]      (défaut : target/release/passerelle)
#
# Needs the Debian packages xvfb, xdotool, imagemagick and pngquant. The clicks are at fixed
# positions of the 1366×768 layout: after a change of the navigation or of a page, look at
# the PNGs again.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-target/release/passerelle}"
OUT=assets/screenshots
fail() { echo "screenshots.sh : $*" >&2; exit 1; }
[ -x "$BIN" ] || fail "programme introuvable : $BIN (lancez d'abord cargo build --release)"
for tool in Xvfb xdotool import pngquant; do
    command -v "$tool" >/dev/null || fail "$tool introuvable : apt-get install xvfb xdotool imagemagick pngquant"
done

work=$(mktemp -d)
app=""
xvfb=""
cleanup() {
    [ -n "$app" ] && kill "$app" 2>/dev/null || true
    [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
PASSPHRASE='le chat dort sur le toit'
printf '%s\n' "$PASSPHRASE" > "$work/pass"
db="$work/demo.db"
"$BIN" --db "$db" --passphrase-file "$work/pass" init > /dev/null 2>&1 || fail "création de la base de démonstration impossible"
"$BIN" --db "$db" --passphrase-file "$work/pass" demo --households 40 > /dev/null 2>&1 || fail "données de démonstration impossibles"

display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp > "$work/xvfb.log" 2>&1 &
xvfb=$!
export DISPLAY="$display"
sleep 1
"$BIN" --db "$db" > "$work/app.log" 2>&1 &
app=$!

window=""
for _ in $(seq 60); do
    window=$(xdotool search --onlyvisible --name '^Passerelle$' 2>/dev/null | head -1 || true)
    [ -n "$window" ] && break
    sleep 0.5
done
[ -n "$window" ] || fail "la fenêtre de Passerelle n'est pas apparue en 30 s"
# No window manager: size, place and focus the window ourselves.
xdotool windowsize "$window" 1366 768
xdotool windowmove "$window" 0 0
xdotool windowfocus --sync "$window"
sleep 2

shot() {
    import -window root "$work/$1.png"
    # 256 colours are plenty for flat UI colours and text; -strip drops the timestamps.
    pngquant --force --quality 70-95 --strip --output "$OUT/$1.png" "$work/$1.png"
    echo "$OUT/$1.png : $(stat -c %s "$OUT/$1.png") octets"
}
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-2}"; }

mkdir -p "$OUT"
shot verrouillage
click 700 299 0.5                        # the passphrase field
xdotool type --delay 20 "$PASSPHRASE"
xdotool key Return
sleep 5                                  # key derivation, then the board loads
shot tableau
click 54 118                             # « Ménages »
click 280 376                            # a household of the list (Famille Camara, seed 0)
shot menage
click 79 158                             # « Rapprochement »
shot rapprochement
click 69 739                             # « Aide et à propos » (for the eye, not published)
import -window root "$work/aide.png"
pngquant --force --quality 70-95 --strip --output "${ABOUT_SHOT:-$work/aide-q.png}" "$work/aide.png"
