# Sourced by bin/run and bin/agent: builds what a command runs only when that changed since its last
# build, so a start does not pay for a Maven run (about 25 s warm) when nothing changed.
#   vpnaas_build_if_changed WHO MODULES SOURCES...
# WHO names the caller in its messages and its stamp; MODULES (comma-separated) are built in one Maven
# run with what they depend on (-am), and each one's target/runtime-classpath.txt lists the jars it
# runs with. SOURCES are the files and directories whose change calls for a build (directories count
# too: a deleted file changes its directory). A build shows one line per module as it goes (the first
# one downloads and compiles for a few minutes).
vpnaas_build_if_changed() {
  local who=$1 modules=$2
  shift 2
  local stamp="target/${who//\//-}.build-stamp"
  if [ -f "$stamp" ] && vpnaas_built "$modules" && [ -z "$(find "$@" -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  echo "$who: building $modules (sources changed since the last build; the first build takes a few minutes)" >&2
  # Stamped with the time the build started: a change made while it runs is built next time.
  mkdir -p target
  touch "$stamp.new"
  ./mvnw -B -ntp -DskipTests -pl "$modules" -am package 2>&1 \
    | { grep --line-buffered -E '^\[INFO\] Building [a-z]|^\[ERROR\]|BUILD (SUCCESS|FAILURE)' || true; } \
    | sed -u "s|^\[INFO\] |$who: |"
  if [ "${PIPESTATUS[0]}" != 0 ]; then
    rm -f "$stamp.new"
    echo "$who: the build failed (see the errors above)" >&2
    return 1
  fi
  mv "$stamp.new" "$stamp"
}

# Whether every module's classes and every jar it runs with are there (a clean or a wiped ~/.m2 needs a build).
vpnaas_built() {
  local module jar
  for module in ${1//,/ }; do
    [ -d "$module/target/classes" ] && [ -s "$module/target/runtime-classpath.txt" ] || return 1
    while IFS= read -r -d : jar || [ -n "$jar" ]; do [ -e "$jar" ] || return 1; done < "$module/target/runtime-classpath.txt"
  done
}

# The sources of the gateway agent and of the modules it is built from, with the parent pom.
VPNAAS_AGENT_SOURCES=(pom.xml tenant-model/pom.xml tenant-model/src/main ike/pom.xml ike/src/main
                      dataplane/pom.xml dataplane/src/main gateway-agent/pom.xml gateway-agent/src/main)
