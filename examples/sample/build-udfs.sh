#!/bin/sh
# Builds the sample's UDFs: for each rpc of SampleService, a C++ binary and a Go binary,
# both statically linked (inside gVisor a static binary starts about twice as fast, and
# needs no library dirs in the sandbox). C++: g++ against protoc's generated code and
# libprotobuf.a. Go: CGO_ENABLED=0. Writes <out>/cpp/<rpc> and <out>/go/<rpc>, where
# <out> is $1, by default build/ beside this script (gitignored).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/build}
rpcs="sample read-payload generate-payload run-prime-sieve sort-list"

for tool in g++ go; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build-udfs.sh: $tool is not installed. g++ and libprotobuf-dev: sh scripts/ensure-system-packages.sh; Go 1.23 or newer: https://go.dev/dl" >&2
    exit 1
  fi
done
mkdir -p "$out/cpp/obj" "$out/go"
out=$(cd "$out" && pwd)
cd "$here"

# Go, in the background while C++ builds; the module is this directory (go.mod).
CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=readonly \
  go build -buildvcs=false -trimpath -ldflags="-s -w" -o "$out/go/" ./udf/go/... &
go_pid=$!
# If C++ fails first, the Go build must not outlive this script.
trap 'kill "$go_pid" 2>/dev/null || true' EXIT

# C++: the generated message code once, then one static link per rpc.
cxx="g++ -std=c++17 -O2 -Wall -Igen -Iudf/cpp"
$cxx -c gen/sample.pb.cc -o "$out/cpp/obj/sample.pb.o"
$cxx -c gen/apis/privacysandbox/apis/roma/app_api/v1/options.pb.cc -o "$out/cpp/obj/options.pb.o"
for rpc in $rpcs; do
  $cxx -static "udf/cpp/$rpc.cc" "$out/cpp/obj/sample.pb.o" "$out/cpp/obj/options.pb.o" \
    -s -lprotobuf -pthread -o "$out/cpp/$rpc"
done

wait "$go_pid"
trap - EXIT
for rpc in $rpcs; do
  [ -x "$out/go/$rpc" ] || { echo "build-udfs.sh: go build wrote no $out/go/$rpc" >&2; exit 1; }
done
echo "Built the C++ and Go UDFs of: $rpcs; in $out/cpp and $out/go"
