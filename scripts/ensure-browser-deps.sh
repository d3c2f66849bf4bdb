#!/usr/bin/env bash
# Installs what the real-browser tests need when it is missing: Debian's Chromium
# (Playwright cannot download its own browser here) and poppler-utils (pdftoppm,
# pdfinfo) for checking print-outs. When they are missing and cannot be installed it
# stops with an error, unless SKIP_BROWSER_TESTS=1 asks to run without the browser tests.
set -u
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "${SKIP_BROWSER_TESTS:-}" = 1 ]; then
  echo "SKIP_BROWSER_TESTS=1: not installing ${need[*]}; the browser tests will not run." >&2
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} with apt-get (about a minute)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null && exit 0
  echo "warning: apt-get could not install ${need[*]}" >&2
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq >/dev/null && sudo apt-get install -y -qq "${need[@]}" >/dev/null && exit 0
fi
cat >&2 <<MSG

error: the real-browser tests need ${need[*]}, which is missing and could not be installed.
       Install it (e.g. 'sudo apt-get install ${need[*]}') and run make test again,
       or run 'SKIP_BROWSER_TESTS=1 make test' to run every other test without them.
MSG
exit 1
