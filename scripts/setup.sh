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
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "Cần cài các gói hệ thống: ${missing[*]}. Việc này cần quyền quản trị (root), mà máy không có sudo." >&2
      echo "Chạy lại bằng tài khoản root: su -c 'bash scripts/setup.sh${1:+ $1}'" >&2
      exit 1
    fi
    sudo="sudo"
  fi
  echo "Đang cài các gói hệ thống: ${missing[*]}"
  # shellcheck source=scripts/wait-for-apt.sh
  . scripts/wait-for-apt.sh
  apt_failed() {
    echo "Chưa cài được các gói hệ thống (xem thông báo của apt-get ở trên). Kiểm tra kết nối tới kho" >&2
    echo "gói Debian, rồi chạy lại: bash scripts/setup.sh${1:+ $1}" >&2
    exit 1
  }
  # DEBIAN_FRONTEND through env: sudo would drop it from the environment. The lock timeout covers
  # another install starting between our wait and apt-get's own locking.
  apt_get=($sudo env DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=300)
  wait_for_package_manager || exit 1
  "${apt_get[@]}" update || apt_failed "$@"
  wait_for_package_manager || exit 1
  "${apt_get[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null || apt_failed "$@"
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"
echo "Đã cài xong. Dựng tài liệu: .venv/bin/python build.py"
