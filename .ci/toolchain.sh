# Sourced by .ci/run (and usable by hand: `source .ci/toolchain.sh`).
# Brings what README's prerequisites name when the machine lacks it:
#   Node >= 22.12 (the npm registry package node@24 when the system Node is older),
#   pnpm 10, and native addons built against that Node's own headers.
# Everything lands in one cache folder outside the repository.

toolchain_dir="${CALL_RIBBON_TOOLCHAIN:-${XDG_CACHE_HOME:-$HOME/.cache}/call-ribbon/toolchain}"

node_is_recent() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if ! node_is_recent; then
  if [ ! -x "$toolchain_dir/node_modules/.bin/node" ]; then
    echo "toolchain: system Node $(node --version 2>/dev/null || echo missing) is older than 22.12; installing node@24 into $toolchain_dir"
    mkdir -p "$toolchain_dir"
    npm install --prefix "$toolchain_dir" --no-save --no-package-lock node@24 pnpm@10 >/dev/null
  fi
  export PATH="$toolchain_dir/node_modules/.bin:$PATH"
  # The node@24 package carries its own headers; native addons (better-sqlite3) must build
  # against them rather than the system Node's (a user npmrc may point nodedir elsewhere).
  for node_pkg_dir in "$toolchain_dir"/node_modules/node/node_modules/node-*-*/; do
    if [ -f "$node_pkg_dir/include/node/node.h" ]; then
      export npm_config_nodedir="${node_pkg_dir%/}"
      break
    fi
  done
fi

if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version 2>/dev/null | grep -q '^10\.'; then
  if [ ! -x "$toolchain_dir/node_modules/.bin/pnpm" ]; then
    echo "toolchain: installing pnpm@10 into $toolchain_dir"
    mkdir -p "$toolchain_dir"
    npm install --prefix "$toolchain_dir" --no-save --no-package-lock pnpm@10 >/dev/null
  fi
  export PATH="$toolchain_dir/node_modules/.bin:$PATH"
fi

if [ -z "${npm_config_nodedir:-}" ]; then
  # Node recent enough: build addons against the running Node's headers.
  npm_config_nodedir="$(node -p 'require("node:path").resolve(process.execPath, "..", "..")')"
  [ -f "$npm_config_nodedir/include/node/node.h" ] && export npm_config_nodedir || unset npm_config_nodedir
fi

# Browser tests drive Debian's Chromium; nothing may download a browser of its own.
if [ -z "${CHROME_PATH:-}" ]; then
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -x "$candidate" ]; then export CHROME_PATH="$candidate"; break; fi
  done
fi

echo "toolchain: node $(node --version), pnpm $(pnpm --version), chromium ${CHROME_PATH:-none}"
