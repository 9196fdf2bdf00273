# Sourced by bin/run and bin/test: finds a JDK 25 so nobody has to export JAVA_HOME.
# Order: JAVA_HOME if it is a JDK 25, then the Temurin 25 path of our machines, then any JDK 25 under /usr/lib/jvm.
vpnaas_is_jdk25() {
  [ -x "$1/bin/javac" ] || return 1
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ "$v" = "25" ]
}
vpnaas_find_jdk25() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
    [ -n "$c" ] && vpnaas_is_jdk25 "$c" && { echo "$c"; return 0; }
  done
  return 1
}
if ! JAVA_HOME=$(vpnaas_find_jdk25); then
  echo "error: JDK 25 not found (looked at \$JAVA_HOME and /usr/lib/jvm/*25*); install Temurin 25 or set JAVA_HOME to a JDK 25" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
