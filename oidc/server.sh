#!/usr/bin/env bash
# A real OpenID Connect provider on 127.0.0.1 for tests and local sign-in: NAV's
# mock-oauth2-server (Maven Central, see pom.xml), run on the JDK the engines use.
#
#   oidc/server.sh start --port N --config FILE [--state DIR]   (waits until it answers)
#   oidc/server.sh stop [--state DIR]
#
# FILE is the server's JSON configuration (issuers, token callbacks with claims per issuer).
# Every path segment is an issuer: http://127.0.0.1:N/<issuer>/.well-known/openid-configuration.
# State (pid, port, log) lives in DIR, default <repo>/.engines/oidc.
# Java: $OIDC_JAVA_HOME, else $ENGINE_JAVA_HOME, else the newest JDK under /usr/lib/jvm, else `java`.
set -euo pipefail
HERE="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)"
REPO="$(cd -- "$HERE/.." && pwd -P)"
STATE="$REPO/.engines/oidc" PORT="" CONFIG="" TIMEOUT="${OIDC_START_TIMEOUT:-90}"
die() { echo "oidc/server.sh: $*" >&2; exit 1; }

cmd="${1:-}"; shift || true
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --config) CONFIG="$2"; shift 2 ;;
    --state) STATE="$2"; shift 2 ;;
    *) die "unknown argument '$1'" ;;
  esac
done

java_bin() {
  local jh="${OIDC_JAVA_HOME:-${ENGINE_JAVA_HOME:-}}" best="" bestv=0 d v
  if [ -n "$jh" ]; then echo "$jh/bin/java"; return; fi
  for d in /usr/lib/jvm/*/; do
    [ -x "$d/bin/java" ] && [ -f "$d/release" ] || continue
    v="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$d/release" | head -1)"
    [ -n "$v" ] && [ "$v" -gt "$bestv" ] && { bestv="$v"; best="${d%/}"; }
  done
  if [ -n "$best" ]; then echo "$best/bin/java"; else command -v java || die "no Java found"; fi
}

classpath() { # resolved once by Maven; rebuilt when the pom changes
  local cp="$HERE/target/classpath.txt"
  if [ ! -s "$cp" ] || [ "$HERE/pom.xml" -nt "$cp" ]; then
    command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch mock-oauth2-server"
    mvn -q -f "$HERE/pom.xml" dependency:build-classpath >&2 || die "Maven could not resolve mock-oauth2-server"
  fi
  cat "$cp"
}

stop() {
  local pid
  [ -f "$STATE/pid" ] || return 0
  pid="$(cat "$STATE/pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$STATE/pid" "$STATE/port"
}

start() {
  [ -n "$PORT" ] || die "--port is required"
  [ -f "$CONFIG" ] || die "--config FILE is required (JSON)"
  mkdir -p "$STATE"
  stop
  local cp java pid
  cp="$(classpath)"; java="$(java_bin)"
  SERVER_HOSTNAME=127.0.0.1 SERVER_PORT="$PORT" JSON_CONFIG="$(cat "$CONFIG")" \
    setsid "$java" -Xmx256m -XX:TieredStopAtLevel=1 -cp "$cp" no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt \
    >"$STATE/log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$STATE/pid"
  for _ in $(seq $((TIMEOUT * 5))); do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$STATE/log" >&2; rm -f "$STATE/pid"; die "the server exited (log: $STATE/log)"; }
    if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/default/.well-known/openid-configuration" 2>/dev/null; then
      echo "$PORT" >"$STATE/port"; echo "http://127.0.0.1:$PORT"; return 0
    fi
    sleep 0.2
  done
  stop; die "no answer on port $PORT within ${TIMEOUT}s (log: $STATE/log)"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) die "usage: oidc/server.sh start --port N --config FILE [--state DIR] | stop [--state DIR]" ;;
esac
