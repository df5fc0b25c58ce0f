#!/usr/bin/env bash
# Installs every build and test dependency from Debian 12 packages. Idempotent: does nothing
# (not even `apt-get update`) when everything is already installed.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config clang
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev
  libboost-dev libcurl4-openssl-dev libspdlog-dev libfmt-dev libyaml-cpp-dev nlohmann-json3-dev
  libsimdjson-dev
  zlib1g-dev libsqlite3-dev sqlite3 tzdata
  libgtest-dev libgmock-dev libbenchmark-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
