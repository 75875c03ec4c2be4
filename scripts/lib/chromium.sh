# shellcheck shell=bash
# Debian's Chromium for the browser tests (test/ui), installed with apt-get when missing, like redis-server.
# Never a browser download of a test tool: playwright-core drives this one (../shared/BROWSER.md).
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CHROMIUM=/usr/bin/chromium

ensure_chromium () {
  [ -x "$CHROMIUM" ] && return 0
  apt_install chromium || die "$CHROMIUM is missing and cannot be installed as $(id -un): the browser tests need Debian's chromium package"
  [ -x "$CHROMIUM" ] || die "the chromium package did not install $CHROMIUM"
}
