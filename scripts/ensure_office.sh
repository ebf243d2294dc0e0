#!/usr/bin/env bash
# Install Debian's headless LibreOffice Calc for the spreadsheet tests (cohort.xlsx converted and
# re-saved by a real spreadsheet application). Uses only the distribution's packages.
# Exits 0 without installing when not root or without apt-get, and says why (the tests then skip).
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

if have soffice || have libreoffice; then
    echo "libreoffice already installed: $( (soffice --version || libreoffice --version) 2>/dev/null | head -n1)"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure_office: not root, not installing; run as root or: sudo apt-get install -y libreoffice-calc-nogui"
    exit 0
fi

if ! have apt-get; then
    echo "ensure_office: no apt-get on this machine; install LibreOffice Calc by hand"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui; }; then
    echo "ensure_office: apt-get could not install libreoffice-calc-nogui (no package mirror?); the LibreOffice tests will skip"
    exit 0
fi
echo "installed: $( (soffice --version || libreoffice --version) 2>/dev/null | head -n1)"
