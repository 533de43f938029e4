#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright (Playwright's own browser download
# cannot work offline). Install it with CJK fonts when missing and we may use apt.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }
  exit 0
fi
echo "Chromium not found: browser tests will be skipped (install chromium and fonts-noto-cjk," >&2
echo "or set KEYACT_CHROMIUM to a Chromium binary)." >&2
