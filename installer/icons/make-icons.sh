#!/usr/bin/env bash
# Makes every icon file the installer uses from paydesk.svg, the one source drawn by hand.
# The generated files are committed, so building the installer does not need these tools; run
# this only after changing the SVG. Needs (Debian/Ubuntu): apt-get install librsvg2-bin icoutils icnsutils
set -euo pipefail
cd "$(dirname "$0")"

for tool in rsvg-convert icotool png2icns; do
    if ! command -v "$tool" >/dev/null; then
        echo "make-icons.sh: '$tool' is missing; install it with: apt-get install librsvg2-bin icoutils icnsutils" >&2
        exit 1
    fi
done

mkdir -p png
for size in 16 24 32 48 64 128 256 512 1024; do
    rsvg-convert --width "$size" --height "$size" paydesk.svg --output "png/paydesk-$size.png"
done
# Linux (jpackage's --icon on Linux takes a PNG).
cp png/paydesk-256.png paydesk.png
# Windows: the small sizes as bitmaps, 256 as an embedded PNG (-r).
icotool --create --output paydesk.ico \
    png/paydesk-16.png png/paydesk-24.png png/paydesk-32.png png/paydesk-48.png \
    png/paydesk-64.png png/paydesk-128.png --raw=png/paydesk-256.png
# macOS: the sizes an .icns holds.
png2icns paydesk.icns \
    png/paydesk-16.png png/paydesk-32.png png/paydesk-48.png png/paydesk-128.png \
    png/paydesk-256.png png/paydesk-512.png png/paydesk-1024.png >/dev/null
echo "Icons written to $(pwd): paydesk.png, paydesk.ico, paydesk.icns, png/"
