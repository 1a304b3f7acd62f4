# Sourced by bin/hotzone and bin/nodetool-ext: builds the project once, and again when sources changed.
# HOTZONE_SKIP_BUILD=1 uses what is there.
hz_build_if_needed() {
  local root="$1" stamp="$1/dtests/target/.hotzone-build-stamp"
  [ "${HOTZONE_SKIP_BUILD:-0}" = 1 ] && return 0
  if [ ! -f "$stamp" ] || [ ! -f "$root/plugin/target/hotzone-plugin-0.1.0-SNAPSHOT.jar" ] \
     || [ -n "$(find "$root"/pom.xml "$root"/*/pom.xml "$root"/*/src -newer "$stamp" -type f 2>/dev/null | head -n 1)" ]; then
    echo "Building HotZone (mvn -DskipTests package) ..." >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package) >&2 || { echo "build failed" >&2; exit 2; }
    touch "$stamp"
  fi
}

# Module flags Cassandra's classes need on JDK 17 (the same list as conf/jvm17-*.options of a stock install).
HZ_JVM_MODULE_FLAGS=(
  --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=java.base/java.lang.ref=ALL-UNNAMED
  --add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED
  --add-exports=java.sql/java.sql=ALL-UNNAMED --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
  --add-opens=java.base/java.lang.module=ALL-UNNAMED --add-opens=java.base/jdk.internal.loader=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.math=ALL-UNNAMED --add-opens=java.base/jdk.internal.module=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.math=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED
)
