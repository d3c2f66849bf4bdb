#!/usr/bin/env bash
# Installs what the real-browser tests need when it is missing: Debian's Chromium
# (Playwright cannot download its own browser here) and poppler-utils (pdftoppm,
# pdfinfo) for checking print-outs. Without root or apt-get it only says what is missing;
# the browser tests then fail under CI=true and skip elsewhere.
set -u
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} with apt-get (about a minute)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null && exit 0
  echo "warning: apt-get could not install ${need[*]}" >&2
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq >/dev/null && sudo apt-get install -y -qq "${need[@]}" >/dev/null && exit 0
else
  echo "warning: missing ${need[*]}; install them (e.g. 'sudo apt-get install ${need[*]}') for the browser tests." >&2
fi
exit 0
