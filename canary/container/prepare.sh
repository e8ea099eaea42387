#!/bin/sh
# Assembles the build context of the bundled container canary, offline:
#   canary/container/prepare.sh [OUT_DIR]        (default: canary/container/context)
# OUT_DIR gets the Containerfile and rootfs/ with
#   /opt/java   a jlink'd runtime of java.base, jdk.httpserver and jdk.crypto.ec (the canary's https outbound call needs
#               elliptic-curve TLS on JDK 17), from this machine's JDK,
#   /lib…       the shared libraries `ldd` names for it, and the dynamic loader,
#   /app        the compiled canary (canary/java),
#   /tmp        for the canary's /work/fs.
# Point a container target's canary.path at OUT_DIR. Needs a JDK 17+ (jlink, javac) and ldd.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/context}
java_src=$here/../java
jdk_bin=$(dirname "$(readlink -f "$(command -v javac)")")

rm -rf "$out"
mkdir -p "$out/rootfs/app" "$out/rootfs/tmp"
chmod 1777 "$out/rootfs/tmp"
cp "$here/Containerfile" "$out/Containerfile"
# The same file as Dockerfile, for platforms and CLIs that look only for that name (Cloud Run, Fly.io …).
cp "$here/Containerfile" "$out/Dockerfile"

"$jdk_bin/javac" --release 17 -encoding UTF-8 -proc:none -d "$out/rootfs/app" "$java_src"/*.java

# The runtime and every library it links, at the same path inside the image, plus the loader.
sh "$here/../../packaging/java-rootfs.sh" "$out/rootfs" java.base,jdk.httpserver,jdk.crypto.ec
echo "$out"
