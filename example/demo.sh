#!/usr/bin/env bash
# Demo: go-cookie-secure as a pre-commit hook on the bundled example service.
# A throwaway repository gets the hook in block mode (the commit is refused), then in fix mode
# (the commit goes through with Secure: true added). Nothing outside a temp folder is touched.
set -euo pipefail
exec 2>&1  # keep the hook's report in order with the narration
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

cd "$repo"
git init -q -b main
git config user.name demo
git config user.email demo@example.com
mkdir -p node_modules/.bin
ln -s "$here/bin/go-cookie-secure.js" node_modules/.bin/go-cookie-secure  # as npm install -D would
echo node_modules/ > .git/info/exclude
cp -r "$here/example/service" .

say 'go-cookie-secure init --mode block'
node_modules/.bin/go-cookie-secure init --mode block
git add service

say 'git commit   (block mode: the commit is refused)'
if git commit -q -m 'Add session handling'; then echo 'unexpected: the commit went through'; exit 1; fi

say 'go-cookie-secure init   (fix mode, the default)'
node_modules/.bin/go-cookie-secure init

say 'git commit   (fix mode: the staged files are fixed and the commit goes through)'
git commit -q -m 'Add session handling'

say 'git show HEAD   (what was committed)'
git --no-pager show --stat --format='%h %s' HEAD
diff -u --label "example/service/session.go (as written)" --label "service/session.go (as committed)" "$here/example/service/session.go" service/session.go || true

say 'git status   (working tree and index agree)'
git status --short
echo '(clean)'
