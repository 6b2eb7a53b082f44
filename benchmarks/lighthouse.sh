#!/usr/bin/env bash
# Lighthouse scores (accessibility, best practices, SEO) of the requester's
# front door: home page, new request, knowledgebase search and login.
# A benchmark, not a test: run it against a running portal, e.g.
#   bash scripts/run            # in one terminal (or gunicorn with production settings)
#   bash benchmarks/lighthouse.sh http://127.0.0.1:8000
# Target: >= 95 for each score on each page. Prints one line per
# page and language; exits 1 when a score is below TARGET (default 95).
# Uses npm lighthouse pinned in benchmarks/package-lock.json and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")"
BASE_URL="${1:-${BASE_URL:-http://127.0.0.1:8000}}"
TARGET="${TARGET:-95}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

if ! cmp -s package-lock.json node_modules/.installed-lock.json 2>/dev/null; then
  npm ci --no-audit --no-fund --ignore-scripts >/dev/null
  cp package-lock.json node_modules/.installed-lock.json
fi

PAGES=("/" "/requests/new/" "/kb/search/?q=wachtwoord" "/accounts/login/")
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
status=0
printf '%-34s %-4s %13s %14s %5s\n' page lang accessibility best-practices seo
for path in "${PAGES[@]}"; do
  for lang in nl en; do
    sep='?'; [[ "$path" == *\?* ]] && sep='&'
    url="${BASE_URL}${path}${sep}lang=${lang}"
    report="$out/report.json"
    node_modules/.bin/lighthouse "$url" --quiet --output=json --output-path="$report" \
      --only-categories=accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>"$out/stderr" || {
        echo "lighthouse failed on $url:" >&2; cat "$out/stderr" >&2; exit 2; }
    read -r a b s failed < <(node -e '
      const r = require(process.argv[1]);
      const score = (id) => Math.round(r.categories[id].score * 100);
      const failed = Object.values(r.audits)
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
        .map((a) => a.id).join(",");
      console.log(score("accessibility"), score("best-practices"), score("seo"), failed || "-");
    ' "$report")
    printf '%-34s %-4s %13s %14s %5s  failing audits: %s\n' "$path" "$lang" "$a" "$b" "$s" "$failed"
    for score in "$a" "$b" "$s"; do
      if (( score < TARGET )); then status=1; fi
    done
  done
done
exit "$status"
