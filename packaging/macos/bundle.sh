#!/usr/bin/env bash
# Builds Passerelle.app and a .dmg on macOS. NOT VERIFIED: the project has no Mac; written
# from Apple's documentation (iconutil, hdiutil). Needs Xcode command-line tools and Rust.
#
#   rustup target add aarch64-apple-darwin x86_64-apple-darwin
#   bash packaging/macos/bundle.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --locked --target aarch64-apple-darwin
cargo build --release --locked --target x86_64-apple-darwin
app=target/macos/Passerelle.app
rm -rf "$app" && mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
# One binary for Apple silicon and Intel Macs.
lipo -create -output "$app/Contents/MacOS/passerelle" \
    target/aarch64-apple-darwin/release/passerelle target/x86_64-apple-darwin/release/passerelle
cp packaging/macos/Info.plist "$app/Contents/"
iconset=target/macos/passerelle.iconset
mkdir -p "$iconset"
cp assets/icons/passerelle-64.png "$iconset/icon_32x32@2x.png"
cp assets/icons/passerelle-128.png "$iconset/icon_128x128.png"
cp assets/icons/passerelle-256.png "$iconset/icon_128x128@2x.png"
cp assets/icons/passerelle-256.png "$iconset/icon_256x256.png"
iconutil -c icns -o "$app/Contents/Resources/passerelle.icns" "$iconset"
cp assets/THIRD-PARTY-LICENSES.txt docs/guide.md "$app/Contents/Resources/"
# Unsigned: Gatekeeper asks for a right-click « Ouvrir » the first time. Signing and
# notarisation need an Apple Developer account (codesign, xcrun notarytool).
hdiutil create -volname Passerelle -srcfolder "$app" -ov -format UDZO target/macos/Passerelle.dmg
echo "target/macos/Passerelle.dmg"
