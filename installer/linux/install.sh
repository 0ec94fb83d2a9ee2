#!/bin/sh
# Install Chasqui for the current user (no root needed):
#   ./install.sh              -> ~/.local/opt/chasqui-<version>, menu entry, `chasqui` command
#   ./install.sh --uninstall  -> removes the program and the menu entry; keeps your data
# Your data (the encrypted vault) stays in ~/.local/share/Chasqui; it is never touched here.
set -eu
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
NAME=$(basename "$HERE")                      # chasqui-<version>
OPT="${XDG_OPT_HOME:-$HOME/.local/opt}"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
BIN="$HOME/.local/bin"
PREFIX="$OPT/$NAME"
APPS="$DATA/applications"
ICONS="$DATA/icons/hicolor"

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$APPS/chasqui.desktop" "$ICONS/256x256/apps/chasqui.png" \
          "$ICONS/scalable/apps/chasqui.svg"
    if [ -L "$BIN/chasqui" ]; then rm -f "$BIN/chasqui"; fi
    rm -rf "$OPT"/chasqui-*
    echo "Chasqui desinstalado. Sus datos siguen en $DATA/Chasqui (no se borraron)."
    exit 0
fi

if [ ! -x "$HERE/chasqui/chasqui" ]; then
    echo "error: no encuentro $HERE/chasqui/chasqui; descomprima el archivo completo" >&2
    exit 1
fi
mkdir -p "$OPT" "$BIN" "$APPS" "$ICONS/256x256/apps" "$ICONS/scalable/apps"
rm -rf "$PREFIX.tmp"
cp -R "$HERE/chasqui" "$PREFIX.tmp"
# The start script checks Qt's system libraries (xcb) before starting the program.
cp "$HERE/chasqui-start" "$HERE/qt-system-libs.txt" "$PREFIX.tmp/"
chmod 755 "$PREFIX.tmp/chasqui-start"
rm -rf "$PREFIX"
mv "$PREFIX.tmp" "$PREFIX"
cp "$HERE/chasqui.png" "$ICONS/256x256/apps/chasqui.png"
cp "$HERE/chasqui.svg" "$ICONS/scalable/apps/chasqui.svg"
sed "s|@PREFIX@|$PREFIX|g" "$HERE/chasqui.desktop" > "$APPS/chasqui.desktop"
chmod 644 "$APPS/chasqui.desktop"
ln -sfn "$PREFIX/chasqui-start" "$BIN/chasqui"
# Older versions side by side are removed once the new one is in place.
for old in "$OPT"/chasqui-*; do
    if [ "$old" != "$PREFIX" ] && [ -d "$old" ]; then rm -rf "$old"; fi
done
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" || true
echo "Chasqui instalado en $PREFIX"
echo "Ábralo desde el menú de aplicaciones, o con el comando: $BIN/chasqui"
