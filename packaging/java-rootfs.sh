#!/bin/sh
# Adds a Java runtime to a FROM scratch root file system, offline (no registry is needed):
#   packaging/java-rootfs.sh ROOTFS MODULES [BINARY...]
# ROOTFS/opt/java gets a jlink'd runtime of MODULES (comma-separated) from this machine's JDK, and
# ROOTFS gets every shared library `ldd` names for its binaries (and for each BINARY already
# copied into ROOTFS), at the same path, plus the dynamic loader. Used by the canary's image
# (canary/container/prepare.sh) and the monitor's (packaging/container/prepare.sh). Needs a
# JDK 17+ (jlink) and ldd.
set -eu
rootfs=$1
modules=$2
shift 2
jdk_bin=$(dirname "$(readlink -f "$(command -v javac)")")

"$jdk_bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --output "$rootfs/opt/java"

# java.desktop's natives (AWT, fonts, images, sound) link X11 and font libraries, and nothing in
# Shipwatch draws: they are left out of the scan, so those libraries stay out of the image.
natives=$(for f in "$rootfs/opt/java/lib/"*.so; do
  case ${f##*/} in
    libawt*|libjawt.so|libfontmanager.so|libjavajpeg.so|liblcms.so|libmlib_image.so|libsplashscreen.so|libjsound.so) ;;
    *) echo "$f" ;;
  esac
done)
# shellcheck disable=SC2086
libs=$(ldd "$rootfs/opt/java/bin/java" "$rootfs/opt/java/lib/server/libjvm.so" $natives "$@" 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' | sort -u)
for lib in $libs; do
  case "$lib" in "$rootfs"/*) continue ;; esac   # the runtime's own libraries are there already
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
