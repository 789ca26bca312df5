# Sourced by ./ledgerflow and ci/*: sets JAVA_HOME to a JDK >= 21.
# Order: $JAVA_HOME if it is new enough, then the JDKs installed under /usr/lib/jvm
# (and macOS's /Library/Java/JavaVirtualMachines), newest first, then `java` on PATH.

ledgerflow_java_major() { # $1 = path to a java binary; prints its feature version
  # The JDK's release file says it without starting a JVM (a tenth of a second or more each,
  # paid by every ./ledgerflow command); the JVM is asked only when there is no such file.
  local release major
  release="${1%/bin/java}/release"
  if [ -f "$release" ]; then
    major=$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$release" | head -n 1)
    if [ -n "$major" ]; then
      printf '%s\n' "$major"
      return 0
    fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

ledgerflow_find_java_home() {
  local min=21 candidate major
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  local d
  for d in $(ls -d /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ 2>/dev/null | sort -rV); do
    candidates+=("${d%/}")
  done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(ledgerflow_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

if ! LEDGERFLOW_JAVA_HOME=$(ledgerflow_find_java_home); then
  echo "ledgerflow: error: no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm and java on PATH)." >&2
  echo "ledgerflow: install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21) or set JAVA_HOME." >&2
  exit 3
fi
export JAVA_HOME="$LEDGERFLOW_JAVA_HOME"

# JVM settings of every ledgerflow process (the launcher and the benchmarks that stand for it):
# a batch tool wants throughput, so the parallel collector with a young generation as large as the
# old one (a day's records live until its journal is written, and the rest dies young).
# The heap is capped so that a day of 500,000 records runs in under 2 GiB with DynamoDB Local in
# the same process; LEDGERFLOW_JAVA_OPTS="-Xmx4g" (given later, so it wins) for bigger days.
LEDGERFLOW_JVM_FLAGS="-XX:+UseParallelGC -XX:NewRatio=1 -Xmx1536m"

# Maven 3.9's Guice calls sun.misc.Unsafe, which JDK 24+ warns about on every build; allow it
# quietly there (the flag does not exist before JDK 23, so only then).
LEDGERFLOW_JAVA_MAJOR=$(ledgerflow_java_major "$JAVA_HOME/bin/java")
if [ "$LEDGERFLOW_JAVA_MAJOR" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}" ;;
  esac
fi
