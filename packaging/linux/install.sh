#!/bin/sh
# Install the built SI Local folder on a Linux desktop, with its menu entry and icons.
#
#   sudo packaging/linux/install.sh dist/si-local            all users: /opt/si-local
#   packaging/linux/install.sh --user dist/si-local          this user only: ~/.local/opt/si-local
#   sudo packaging/linux/install.sh --uninstall              removes the program, keeps the data
#
# The user's data (~/.local/share/si-local) is never touched, neither here nor by --uninstall.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
APP_ID=fr.si_local.SILocal
MODE=system
ACTION=install
while [ $# -gt 0 ]; do
  case "$1" in
    --user) MODE=user; shift ;;
    --uninstall) ACTION=uninstall; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
if [ "$MODE" = user ]; then
  PREFIX="$HOME/.local"; TARGET="$HOME/.local/opt/si-local"
else
  PREFIX=/usr/local; TARGET=/opt/si-local
fi
SHARE="$PREFIX/share"
[ "$MODE" = system ] && SHARE=/usr/local/share

if [ "$ACTION" = uninstall ]; then
  rm -rf "$TARGET"
  rm -f "$PREFIX/bin/si-local" "$SHARE/applications/$APP_ID.desktop" \
        "$SHARE/metainfo/$APP_ID.metainfo.xml"
  find "$SHARE/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
  echo "SI Local removed from $TARGET; your data folder was kept."
  exit 0
fi

SOURCE=${1:-}
if [ -z "$SOURCE" ] || [ ! -x "$SOURCE/si-local" ]; then
  echo "install.sh: give the built folder (the one holding the si-local program), e.g. dist/si-local" >&2
  exit 2
fi
mkdir -p "$TARGET" "$PREFIX/bin" "$SHARE/applications" "$SHARE/metainfo"
cp -a "$SOURCE/." "$TARGET/"
rm -f "$TARGET/si-local-portable"  # an installed copy keeps its data in the user's folder
ln -sf "$TARGET/si-local" "$PREFIX/bin/si-local"
# Exec=si-local needs the program on PATH; write the full path so a user install works too.
sed "s|^Exec=si-local|Exec=$TARGET/si-local|; s|^TryExec=si-local|TryExec=$TARGET/si-local|" \
  "$HERE/$APP_ID.desktop" > "$SHARE/applications/$APP_ID.desktop"
cp "$HERE/$APP_ID.metainfo.xml" "$SHARE/metainfo/"
mkdir -p "$SHARE/icons/hicolor"
cp -R "$HERE/icons/hicolor/." "$SHARE/icons/hicolor/"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$SHARE/applications" || true
if [ "$MODE" = system ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" 2>/dev/null || true
fi
echo "SI Local installed in $TARGET (menu: Office › SI Local; command: $PREFIX/bin/si-local)."
