# shellcheck shell=bash
# Shared helpers for the scripts under hack/. Source it, do not run it:
#
#   source "$(dirname "$0")/lib/tools.sh"     # from hack/<script>
#   ensure_node_tools                         # then "$BUF" lint, ...
#
# The Node tools (buf, protoc-gen-es) are pinned by hack/tools/package-lock.json and installed
# with `npm ci`, so a fresh machine needs only Node and npm. node_modules/ is never committed.

if [[ -z "${LLMG_ROOT:-}" ]]; then
  LLMG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
fi
export LLMG_ROOT

# log MESSAGE...: progress to stderr, so stdout stays for results.
log() {
  printf '==> %s\n' "$*" >&2
}

# die MESSAGE...: print and exit non-zero.
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# require_cmd NAME...: fail with a clear message when a command is missing.
require_cmd() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || die "'$c' is required but not on PATH"
  done
}

# ensure_npm_ci DIR: runs `npm ci --prefix DIR` when DIR/node_modules is missing or older than
# DIR/package-lock.json. npm ci rewrites node_modules/.package-lock.json on every install, so
# that file's time is the time of the last install.
ensure_npm_ci() {
  local dir="$1"
  [[ -f "$dir/package-lock.json" ]] || die "$dir/package-lock.json is missing"
  local marker="$dir/node_modules/.package-lock.json"
  if [[ ! -f "$marker" || "$dir/package-lock.json" -nt "$marker" ]]; then
    require_cmd node npm
    log "npm ci --prefix ${dir#"$LLMG_ROOT"/}"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
  fi
}

# ensure_node_tools: installs hack/tools if needed and exposes the tool paths:
#   BUF            the buf CLI (lint, build, generate)
#   PROTOC_GEN_ES  the protoc-gen-es plugin (buf.gen.yaml names it by path as well)
ensure_node_tools() {
  local tools="$LLMG_ROOT/hack/tools"
  ensure_npm_ci "$tools"
  BUF="$tools/node_modules/.bin/buf"
  PROTOC_GEN_ES="$tools/node_modules/.bin/protoc-gen-es"
  [[ -x "$BUF" ]] || die "buf not found at $BUF after npm ci"
  export BUF PROTOC_GEN_ES
}

# protoc_version: the protoc version the Maven build uses (<protobuf.version> in pom.xml).
protoc_version() {
  sed -n 's:.*<protobuf\.version>\(.*\)</protobuf\.version>.*:\1:p' "$LLMG_ROOT/pom.xml" | head -n 1
}

# protoc_classifier: the Maven classifier of the protoc executable for this machine.
protoc_classifier() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=osx ;;
    MINGW* | MSYS* | CYGWIN*) os=windows ;;
    *) return 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch_64 ;;
    *) return 1 ;;
  esac
  printf '%s-%s\n' "$os" "$arch"
}

# ensure_protoc: buf compiles .proto files itself, but its protoc_builtin plugins (java in
# buf.gen.yaml) run protoc's own generators, so they need a protoc binary. Uses the protoc the
# Maven build uses, from the local Maven repository (fetching it from Maven Central through
# ./mvnw when it is not there yet), copied with the executable bit into target/tools/ (Maven
# stores it without one). $PROTOC overrides all of this.
# On success sets PROTOC and PROTOC_DIR (a directory holding an executable named protoc, to put
# first on PATH, which is where buf looks for it). Returns 1 when there is no protoc.
ensure_protoc() {
  if [[ -n "${PROTOC:-}" ]]; then
    [[ -x "$PROTOC" ]] || die "PROTOC=$PROTOC is not an executable"
    PROTOC_DIR="$LLMG_ROOT/target/tools/protoc-env/bin"
    mkdir -p "$PROTOC_DIR"
    ln -sf "$PROTOC" "$PROTOC_DIR/protoc"
    export PROTOC PROTOC_DIR
    return 0
  fi
  local version classifier
  version="$(protoc_version)"
  [[ -n "$version" ]] || die "could not read <protobuf.version> from pom.xml"
  classifier="$(protoc_classifier)" || return 1
  local dir="$LLMG_ROOT/target/tools/protoc-$version/bin"
  if [[ ! -x "$dir/protoc" ]]; then
    local m2="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
    local exe="$m2/com/google/protobuf/protoc/$version/protoc-$version-$classifier.exe"
    if [[ ! -f "$exe" ]]; then
      log "fetching protoc $version ($classifier) with ./mvnw dependency:get"
      "$LLMG_ROOT/mvnw" -q -N -f "$LLMG_ROOT/pom.xml" ${MAVEN_REPO_LOCAL:+"-Dmaven.repo.local=$MAVEN_REPO_LOCAL"} \
        org.apache.maven.plugins:maven-dependency-plugin:3.11.0:get \
        -Dartifact="com.google.protobuf:protoc:$version:exe:$classifier" -Dtransitive=false >&2 || true
    fi
    [[ -f "$exe" ]] || return 1
    mkdir -p "$dir"
    cp "$exe" "$dir/protoc.tmp"
    chmod +x "$dir/protoc.tmp"
    mv "$dir/protoc.tmp" "$dir/protoc"
  fi
  PROTOC="$dir/protoc"
  PROTOC_DIR="$dir"
  export PROTOC PROTOC_DIR
}

# ensure_postgres: the Java tests start a private PostgreSQL of their own (internal's
# dev.llmg.internal.testing.PostgresServer) from Debian's server binaries, and fail rather than skip
# when those are missing. Installs Debian's postgresql package when no initdb is found; the cluster the
# package may create is not started here, and the tests never use it.
ensure_postgres() {
  if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1; then
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 \
    || die "PostgreSQL's server binaries (initdb) are missing and apt-get is not here: install PostgreSQL"
  local sudo=""
  [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
  log "installing Debian's postgresql (the Java tests start their own server from its binaries)"
  $sudo apt-get update >&2
  # A policy-rc.d that exits 101 tells the package's scripts not to start services (Debian's
  # invoke-rc.d convention), so the system cluster is not started; ours is removed afterwards.
  local policy=/usr/sbin/policy-rc.d made_policy=""
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    made_policy=1
  fi
  local status=0
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends postgresql >&2 || status=$?
  [[ -z "$made_policy" ]] || $sudo rm -f "$policy"
  [[ "$status" -eq 0 ]] || die "apt-get install postgresql failed (exit $status)"
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || die "postgresql installed, but no initdb found"
}

# find_chromium: prints the path of the Chromium on PATH, or returns 1.
find_chromium() {
  command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null
}

# ensure_chromium: the dashboard's tests (hack/e2e/ui*.test.mjs) drive a real headless Chromium with
# playwright-core, which never downloads a browser of its own: they use the system's. Installs Debian's
# chromium package when none is found, and exports LLMG_CHROMIUM, the path the tests launch (one set
# beforehand is kept: another Chromium or Chrome).
ensure_chromium() {
  if [[ -n "${LLMG_CHROMIUM:-}" ]]; then
    [[ -x "$LLMG_CHROMIUM" ]] || die "LLMG_CHROMIUM=$LLMG_CHROMIUM is not an executable"
    export LLMG_CHROMIUM
    return 0
  fi
  local path
  if ! path="$(find_chromium)"; then
    command -v apt-get >/dev/null 2>&1 \
      || die "Chromium is missing and apt-get is not here: install Chromium, or set LLMG_CHROMIUM to its path"
    local sudo=""
    if [[ "$(id -u)" -ne 0 ]]; then
      command -v sudo >/dev/null 2>&1 || die "Chromium is missing, and installing it needs root or sudo"
      sudo="sudo"
    fi
    log "installing Debian's chromium (the dashboard's browser tests run it headless)"
    $sudo apt-get update >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium >&2 \
      || die "apt-get install chromium failed"
    path="$(find_chromium)" || die "chromium installed, but no chromium command found on PATH"
  fi
  LLMG_CHROMIUM="$path"
  export LLMG_CHROMIUM
}

# llmg_jar: the runnable gateway built by the Maven reactor (cmd/llmg).
llmg_jar() {
  printf '%s\n' "$LLMG_ROOT/cmd/llmg/target/llmg.jar"
}

# jar_is_stale: true when the jar is missing or any source, proto or pom is newer than it.
jar_is_stale() {
  local jar
  jar="$(llmg_jar)"
  [[ ! -f "$jar" ]] && return 0
  [[ -n "$(find "$LLMG_ROOT/pom.xml" "$LLMG_ROOT/apis" "$LLMG_ROOT/pkg" "$LLMG_ROOT/internal" "$LLMG_ROOT/cmd" \
            \( -path '*/target' -o -path '*/node_modules' \) -prune -o \
            -type f \( -name '*.java' -o -name '*.proto' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
            -newer "$jar" -print -quit)" ]]
}

# start_gateway LOGFILE [ARGS...]: starts the jar in the background on a free port (unless ARGS
# name one), waits until /healthz answers, and sets LLMG_PID and LLMG_PORT.
start_gateway() {
  local logfile="$1"; shift
  : >"$logfile" # exists before the loop reads it: the background job opens it only when it gets to run
  java -jar "$(llmg_jar)" --port 0 "$@" >"$logfile" 2>&1 &
  LLMG_PID=$!
  LLMG_PORT=""
  local i
  for i in $(seq 1 300); do
    if ! kill -0 "$LLMG_PID" 2>/dev/null; then
      cat "$logfile" >&2
      die "the gateway exited during start-up (log above)"
    fi
    LLMG_PORT="$(sed -n 's/.*serving on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$logfile" | head -n 1)"
    if [[ -n "$LLMG_PORT" ]] && curl -fsS "http://127.0.0.1:$LLMG_PORT/healthz" >/dev/null 2>&1; then
      export LLMG_PID LLMG_PORT
      return 0
    fi
    sleep 0.1
  done
  cat "$logfile" >&2
  die "the gateway did not become healthy within 30 s"
}

# stop_gateway: SIGTERM (a graceful stop, as in production), then waits for the process to end.
stop_gateway() {
  if [[ -n "${LLMG_PID:-}" ]] && kill -0 "$LLMG_PID" 2>/dev/null; then
    kill -TERM "$LLMG_PID"
    wait "$LLMG_PID" 2>/dev/null || true
  fi
  LLMG_PID=""
}
