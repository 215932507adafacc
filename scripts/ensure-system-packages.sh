#!/bin/sh
# Makes sure the system packages the project needs are installed: runsc (gVisor), protoc
# and libprotobuf-dev (C++ guests), a C compiler with static libc (the launcher). As root
# it installs what is missing with apt-get; otherwise it stops with the exact command.
set -eu
missing=""
command -v runsc >/dev/null 2>&1 || [ -x /usr/sbin/runsc ] || [ -x /usr/bin/runsc ] || missing="$missing runsc"
command -v protoc >/dev/null 2>&1 || missing="$missing protobuf-compiler"
[ -f /usr/include/google/protobuf/message.h ] || missing="$missing libprotobuf-dev"
{ command -v cc >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1; } || missing="$missing build-essential"
# Go comes from go.dev, not apt: Debian 12's golang (1.19) is older than the sample's
# go.mod needs (google.golang.org/protobuf 1.36 wants Go 1.23).
go_ok=$(go version 2>/dev/null | sed -n 's/.*go1\.\([0-9][0-9]*\).*/\1/p')
if [ -z "$go_ok" ] || [ "$go_ok" -lt 23 ]; then
  echo "Go 1.23 or newer is needed (for the sample's Go guest); found: $(go version 2>/dev/null || echo none)." >&2
  echo "Install it from https://go.dev/doc/install and put it on PATH, then run this again." >&2
  exit 1
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing system packages:$missing. Install them, then run this again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages:$missing, and apt-get is not here: install them with your package manager." >&2
  exit 1
fi
echo "Installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing >/dev/null
