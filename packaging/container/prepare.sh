#!/bin/sh
# Assembles the build context of the monitor's own image, offline:
#   packaging/container/prepare.sh [OUT_DIR]          (default: packaging/container/context)
# Build the jar first (mvn -q -DskipTests package); SHIPWATCH_JAR names another one. OUT_DIR gets
# the Containerfile and rootfs/ with
#   /opt/java                  a jlink'd runtime of the modules the monitor uses (packaging/java-rootfs.sh)
#   /lib…, /lib64              the shared libraries `ldd` names for it and for /bin/sh, and the loader
#   /bin/sh                    this machine's dash, for the launcher
#   /opt/shipwatch/bin         the launcher (bin/shipwatch: the same JVM options as outside)
#   /opt/shipwatch/lib         shipwatch.jar
#   /opt/shipwatch/canary/java the bundled canary's source, for the local platform
#   /etc/shipwatch             the default config (shipwatch.yml)
#   /var/lib/shipwatch/data, /tmp, /etc/passwd, /etc/group
# Then: podman build -t shipwatch OUT_DIR.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:-$here/context}
jar=${SHIPWATCH_JAR:-$repo/app/target/shipwatch.jar}
if [ ! -f "$jar" ]; then
  echo "prepare.sh: $jar not found: build it first (mvn -q -DskipTests package)" >&2
  exit 1
fi
# jdeps --print-module-deps on shipwatch.jar, plus what is only loaded by name at run time: TLS
# with elliptic curves (PagerDuty, registries), the HTTP server of the canary the local platform
# runs with this runtime, and zip file systems. java.desktop is there for java.beans (Quartz, HikariCP).
modules=java.base,java.desktop,java.instrument,java.naming,java.rmi,java.scripting,java.security.jgss,java.sql,\
jdk.attach,jdk.compiler,jdk.jdi,jdk.jfr,jdk.management,jdk.net,jdk.unsupported,jdk.crypto.ec,jdk.httpserver,jdk.zipfs

rm -rf "$out"
root=$out/rootfs
mkdir -p "$root/bin" "$root/etc/shipwatch" "$root/opt/shipwatch/bin" "$root/opt/shipwatch/lib" \
  "$root/opt/shipwatch/canary" "$root/var/lib/shipwatch/data" "$root/tmp" "$root/root"
chmod 1777 "$root/tmp"
cp "$here/Containerfile" "$out/Containerfile"
cp "$here/shipwatch.yml" "$root/etc/shipwatch/shipwatch.yml"
cp "$repo/bin/shipwatch" "$root/opt/shipwatch/bin/shipwatch"
cp "$jar" "$root/opt/shipwatch/lib/shipwatch.jar"
cp -R "$repo/canary/java" "$root/opt/shipwatch/canary/java"
cp -L "$(command -v dash || echo /bin/sh)" "$root/bin/sh"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
sh "$repo/packaging/java-rootfs.sh" "$root" "$modules" "$root/bin/sh"
echo "$out"
