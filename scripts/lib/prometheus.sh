# shellcheck shell=bash
# Prometheus and promtool for the tests that scrape the service and check deploy/prometheus/alerts.yml: Debian's
# package, installed when missing and running as root. Nothing is started here (the tests start their own
# Prometheus on a free loopback port with a throwaway TSDB); the package starts no service without systemd.

prometheus_ensure () {
  command -v prometheus > /dev/null && command -v promtool > /dev/null && return 0
  apt_install --no-install-recommends prometheus ||
    die "prometheus is missing (Debian package: prometheus) and cannot be installed as $(id -un)"
  log "Prometheus: $(prometheus --version 2>&1 | head -n 1)"
}
