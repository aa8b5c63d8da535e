#!/usr/bin/env bash
# Installs the Debian packages the tests need (Chromium, Mosquitto and its clients) when they
# are missing and this machine can install them; otherwise names them and stops.
set -euo pipefail

need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
[ ${#need[@]} -eq 0 ] && exit 0

echo "Installing missing system packages: ${need[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "This machine has no apt-get. Install these packages, then run the tests again: ${need[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "Cannot install as $(id -un) without a password. Run: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "Installed: ${need[*]}"
