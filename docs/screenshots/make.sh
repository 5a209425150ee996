#!/usr/bin/env bash
# Screenshots of the web view for the README, taken by the same headless Chromium the browser tests drive.
# Usage: ./pipeline demo; ./pipeline web &  then  docs/screenshots/make.sh [BASE_URL] [ARTICLE_ID]
# (ARTICLE_ID defaults to the first article whose list row mentions "Harbour").
set -euo pipefail
BASE="${1:-http://127.0.0.1:5180}"
OUT="$(cd "$(dirname "$0")" && pwd)"
ID="${2:-$(curl -fsS "$BASE/articles" | grep -o 'href="/articles/[0-9a-f]\{32\}">Harbour' | head -1 | grep -o '[0-9a-f]\{32\}')}"
PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT
shot() { # name path height
  timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$PROFILE" --window-size="1280,$3" \
    --screenshot="$OUT/$1.png" "$BASE$2" >/dev/null 2>&1
  echo "$OUT/$1.png"
}
shot web-dashboard / 1000
shot web-articles /articles 760
shot web-article "/articles/$ID" 2100
