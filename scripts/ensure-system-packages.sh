#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing and this machine can
# install them. Chromium, Mosquitto and its clients are required: without them it names them
# and stops. RabbitMQ and ejabberd (the MQTT 5 broker that sends reason strings) are for the
# interop tests, WebKitGTK's driver with Xvfb and Firefox ESR for the tests of the other two
# engines: without them those tests report as skipped.
set -euo pipefail

need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
optional=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || optional+=(rabbitmq-server)
[ -x /usr/sbin/ejabberdctl ] || optional+=(ejabberd)
[ -x /usr/bin/WebKitWebDriver ] || optional+=(webkit2gtk-driver)
[ -x /usr/bin/Xvfb ] || optional+=(xvfb)
[ -x /usr/bin/firefox-esr ] || optional+=(firefox-esr)
[ ${#need[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ] && exit 0

sudo=()
can_install=true
if ! command -v apt-get >/dev/null 2>&1; then
  can_install=false
elif [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n); else can_install=false; fi
fi

if [ "$can_install" = false ]; then
  if [ ${#need[@]} -gt 0 ]; then
    echo "Missing system packages: ${need[*]}. Install them (sudo apt-get install -y ${need[*]} ${optional[*]}) and run the tests again." >&2
    exit 1
  fi
  echo "Not installed: ${optional[*]} (the tests that need them will be skipped)."
  exit 0
fi

echo "Installing missing system packages: ${need[*]} ${optional[*]}"
"${sudo[@]}" apt-get update -qq
export DEBIAN_FRONTEND=noninteractive
if [ ${#need[@]} -gt 0 ]; then
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ ${#optional[@]} -gt 0 ]; then
  # Without systemd (containers, CI), the package's service start fails the install: the
  # tests start their own broker anyway, so keep the package from starting one.
  policy=/usr/sbin/policy-rc.d
  guard=false
  if [ ! -d /run/systemd/system ] && [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod +x "$policy"
    guard=true
  fi
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${optional[@]}" >/dev/null ||
    echo "Could not install ${optional[*]}: the tests that need them will be skipped."
  [ "$guard" = true ] && "${sudo[@]}" rm -f "$policy"
fi
echo "Installed: ${need[*]} ${optional[*]}"
