#!/usr/bin/env bash
# Renders the application icon at the sizes desktops and software centres look for
# (hicolor 64, 128, 256) from assets/passerelle.svg. The PNGs are committed: the package
# build needs no image tool. Rerun after changing the SVG (Debian package: imagemagick).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v convert >/dev/null || { echo "convert introuvable : installez imagemagick (apt-get install imagemagick)" >&2; exit 1; }
for size in 64 128 256; do
    out="assets/icons/passerelle-${size}.png"
    # -density scales the vector drawing itself (no blurry upscaling of a small raster).
    convert -background none -density $((72 * size / 256 * 4)) assets/passerelle.svg \
        -resize "${size}x${size}" -strip "PNG32:${out}"
    echo "${out} : $(identify -format '%wx%h' "${out}"), $(stat -c %s "${out}") octets"
done
