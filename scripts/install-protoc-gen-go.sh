#!/bin/sh
# Installs protoc-gen-go, at the pinned version, into <repo>/.tools/bin from the Go
# module proxy. Idempotent: does nothing when that version is already there. Run by
# `npm run generate` and by the tests that need it; never by hand.
set -eu
version=v1.36.12
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
if [ -x "$bin/protoc-gen-go" ] && [ "$("$bin/protoc-gen-go" --version 2>/dev/null)" = "protoc-gen-go $version" ]; then
  exit 0
fi
mkdir -p "$bin"
# Installed aside and renamed into place, so that tests running this at the same time
# never see a half-written binary.
staging=$(mktemp -d "$bin/.staging.XXXXXX")
trap 'rm -rf "$staging"' EXIT
GOBIN="$staging" GOTOOLCHAIN=local GOFLAGS=-mod=mod go install "google.golang.org/protobuf/cmd/protoc-gen-go@$version"
mv -f "$staging/protoc-gen-go" "$bin/protoc-gen-go"
