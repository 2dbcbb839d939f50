#!/usr/bin/env bash
# The real-client suites: Segment's official Python SDK, and tern.js in headless Chromium,
# each against a real `tern serve` on loopback. Installs what they need, builds `tern` and runs pytest.
#
#   Tests/clients/run.sh                      # everything
#   Tests/clients/run.sh -k browser -x        # extra arguments go to pytest
#
# TERN_BINARY=path skips the build and tests that binary; TERN_CLIENTS_VENV names the virtualenv
# (default .build-clients-venv in the package, ignored by git).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
package="$(cd "$here/../.." && pwd)"
cd "$package"

# Chromium and its driver, from Debian's packages.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# The Python packages, pinned, in a virtualenv of their own.
venv="${TERN_CLIENTS_VENV:-$package/.build-clients-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

# The server under test. The build is incremental, and copies the current tern.js into the binary's resources.
if [ -z "${TERN_BINARY:-}" ]; then
    swift build --product tern
    TERN_BINARY="$package/.build/debug/tern"
fi
export TERN_BINARY

cd "$here"
export PYTHONDONTWRITEBYTECODE=1
# Every wait in the suites is bounded; this bounds the whole run as well.
exec timeout --kill-after=30 1800 "$venv/bin/python" -m pytest -p no:cacheprovider "$@"
