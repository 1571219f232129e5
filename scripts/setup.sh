#!/usr/bin/env bash
# Set up a fresh Debian machine (Python 3.11) to build the booklet.
#   bash scripts/setup.sh          runtime: system libraries + .venv with the package
#   bash scripts/setup.sh --test   the same, plus the test extra (pytest, PDF readers, ruff)
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

extra=""
[ "${1:-}" = "--test" ] && extra="[test]"

# Pango for layout; HarfBuzz's subsetter, without which WeasyPrint falls back to
# fontTools (2–3× slower, and it logs a warning that fails the tests).
# libgs-common: Ghostscript's CMYK profile, the output intent of --press (referenced, not shipped).
system_packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libgs-common python3-venv)
# The preview's tests drive a real browser: Debian's Chromium, through Playwright
# (Playwright's own browser download is not used). qpdf and MuPDF's mutool are two of
# the three independent readers every output variant is checked with.
if [ -n "$extra" ]; then system_packages+=(chromium qpdf mupdf-tools); fi
# The tests sign with a key on a PKCS#11 token: SoftHSM2 plays the USB token.
[ "${1:-}" = "--test" ] && system_packages+=(softhsm2)
missing=()
for package in "${system_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"
echo "Ready: .venv/bin/python build.py"
