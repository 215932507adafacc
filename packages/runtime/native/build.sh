#!/bin/sh
# Builds the launcher as a static binary (it runs inside a sandbox that has no libc of its own).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../dist/native"}
mkdir -p "$out"
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -static -o "$out/roma-launcher" \
  "$here/launcher.c" "$here/worker.c" "$here/config.c" "$here/seccomp.c"
