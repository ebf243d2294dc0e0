#!/usr/bin/env bash
# Install Debian's headless Chromium and its WebDriver for the browser test (tests/export/test_browser.py).
# Uses only the distribution's packages: the test must never download a browser build of its own.
# Exits 0 without installing when not root or without apt-get, and says why (the test then skips).
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

if have chromium && have chromedriver; then
    echo "chromium and chromedriver already installed: $(chromium --version 2>/dev/null || true)"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure_chromium: not root, not installing; run as root or: sudo apt-get install -y chromium chromium-driver"
    exit 0
fi

if ! have apt-get; then
    echo "ensure_chromium: no apt-get on this machine; install chromium and its chromedriver by hand"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core; }; then
    echo "ensure_chromium: apt-get could not install chromium (no package mirror?); the browser test will skip"
    exit 0
fi
echo "installed: $(chromium --version 2>/dev/null || echo chromium) / $(chromedriver --version 2>/dev/null || echo chromedriver)"
