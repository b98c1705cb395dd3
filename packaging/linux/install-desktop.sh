#!/bin/sh
# Install the parkgis bundle's desktop integration on Linux: the menu entry (园区空间规划 GIS), the icon
# and the GeoPackage file association ("用 parkgis 打开"), for this user (~/.local) or, as root with
# --system, for everyone (/usr/local). The bundle itself stays where it is.
#
#   dist/parkgis/linux/install-desktop.sh [--system]           (from the bundle: the bundle it sits in)
#   packaging/linux/install-desktop.sh [--system] [BUNDLE_DIR]  (from the source tree: dist/parkgis)
#   ... --uninstall [--system]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
bundle=""
action=install
for arg in "$@"; do
  case "$arg" in
    --system) prefix=/usr/local/share ;;
    --uninstall) action=uninstall ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) bundle="$arg" ;;
  esac
done
icons="$here/icons"                                     # in the bundle (make package copies them)
[ -d "$icons" ] || icons="$here/../../build/icons"         # in the source tree
default_bundle="$here/.."
[ -x "$default_bundle/parkgis-gui" ] || default_bundle="$here/../../dist/parkgis"
if [ "$action" = uninstall ]; then
  rm -f "$prefix/applications/parkgis.desktop" "$prefix/mime/packages/parkgis-mime.xml"
  for size in 16 24 32 48 64 128 256; do rm -f "$prefix/icons/hicolor/${size}x${size}/apps/parkgis.png"; done
else
  bundle=$(cd "${bundle:-$default_bundle}" && pwd)
  [ -x "$bundle/parkgis-gui" ] || { echo "install-desktop: no parkgis-gui in $bundle (run make package)" >&2; exit 1; }
  [ -f "$icons/parkgis-256.png" ] || { echo "install-desktop: no icons in $icons (run make package)" >&2; exit 1; }
  mkdir -p "$prefix/applications" "$prefix/mime/packages"
  sed "s|^Exec=parkgis-gui %f|Exec=\"$bundle/parkgis-gui\" %f|" "$here/parkgis.desktop" > "$prefix/applications/parkgis.desktop"
  cp "$here/parkgis-mime.xml" "$prefix/mime/packages/parkgis-mime.xml"
  for size in 16 24 32 48 64 128 256; do
    mkdir -p "$prefix/icons/hicolor/${size}x${size}/apps"
    cp "$icons/parkgis-$size.png" "$prefix/icons/hicolor/${size}x${size}/apps/parkgis.png"
  done
fi
command -v update-mime-database >/dev/null && update-mime-database "$prefix/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$prefix/icons/hicolor" || true
echo "parkgis desktop entry ${action}ed under $prefix"
