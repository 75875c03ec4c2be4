import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'tap'
import { parse } from 'yaml'
import { loadConfig } from '../../src/config/load-config.ts'

// The alerts, dashboard and compose profile of deploy/: checked statically (no Docker engine in CI), the rules by
// the real promtool of Debian's prometheus package (installed by scripts/test.sh).
const root = new URL('../../', import.meta.url)
const read = (name: string) => readFileSync(new URL(name, root), 'utf8')
interface Service { image?: string, profiles?: string[], volumes?: string[], environment?: Record<string, string>, ports?: string[], depends_on?: Record<string, { condition: string }> }
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service>, volumes: Record<string, unknown> }
const { api, prometheus, grafana } = compose.services as Record<'api' | 'prometheus' | 'grafana', Service>
const documented = new Set([...read('docs/operations.md').matchAll(/`(ias_[a-z_]+)`/g)].map(match => match[1]!))
const seriesIn = (text: string) => new Set([...text.matchAll(/\b(ias_[a-z_]+?)(?:_bucket|_count|_sum)?\b/g)].map(match => match[1]!))

test('promtool accepts the alert rules, and they cover what the issue lists', async t => {
  const out = execFileSync('promtool', ['check', 'rules', fileURLToPathOf('deploy/prometheus/alerts.yml')], { encoding: 'utf8' })
  t.match(out, /SUCCESS: \d+ rules found/)
  const rules = (parse(read('deploy/prometheus/alerts.yml')) as { groups: Array<{ rules: Array<{ alert: string, expr: string, labels: { severity: string }, annotations: { summary: string } }> }> }).groups.flatMap(group => group.rules)
  t.same(rules.map(rule => rule.alert).sort(), [
    'ImageAnalysesCacheHitRatioDrop', 'ImageAnalysesDown', 'ImageAnalysesElasticsearchErrors', 'ImageAnalysesHigh5xxRatio',
    'ImageAnalysesHighP99Latency', 'ImageAnalysesIngestionRejects', 'ImageAnalysesOverloaded', 'ImageAnalysesRedisCircuitOpen'
  ])
  for (const rule of rules) {
    t.ok(['critical', 'warning'].includes(rule.labels.severity), `${rule.alert}: a severity`)
    t.ok(rule.annotations.summary.length > 0, `${rule.alert}: a summary`)
    for (const series of seriesIn(rule.expr)) t.ok(documented.has(series), `${rule.alert}: ${series} is a documented series`)
  }
})

test('the compose profile runs the official images, provisioned read-only from deploy/', async t => {
  t.same(prometheus.profiles, ['observability'])
  t.same(grafana.profiles, ['observability'])
  t.match(prometheus.image, /^prom\/prometheus:v\d+\.\d+\.\d+$/)
  t.match(grafana.image, /^grafana\/grafana:\d+\.\d+\.\d+$/)
  for (const service of [prometheus, grafana]) {
    for (const volume of service.volumes ?? []) {
      const [source, , mode] = volume.split(':')
      if (source!.startsWith('./')) {
        t.ok(existsSync(new URL(source!, root)), `${source} exists`)
        t.equal(mode, 'ro', `${source} is mounted read-only`)
      } else t.ok(source! in compose.volumes, `${source} is a named volume`)
    }
    t.ok((service.ports ?? []).every(port => port.startsWith('127.0.0.1:')), 'published on loopback only')
  }
  t.same(grafana.depends_on, { prometheus: { condition: 'service_healthy' } })
})

test('Prometheus scrapes the api where its metrics listen, and loads the mounted alerts', async t => {
  const config = parse(read('deploy/prometheus/prometheus.yml')) as { rule_files: string[], scrape_configs: Array<{ job_name: string, metrics_path: string, static_configs: Array<{ targets: string[] }> }> }
  const metrics = loadConfig({ ...api.environment, JWT_SECRET: 'compose-sample-secret-of-more-than-32-bytes' }).metrics
  t.same(metrics, { host: '0.0.0.0', port: 9464 }, 'the api turns metrics on, on the container interface')
  t.notOk((api.ports ?? []).some(port => port.endsWith(':9464')), 'the metrics port is not published on the host')
  const job = config.scrape_configs[0]!
  t.equal(job.job_name, 'image-analyses', 'the job the alerts and dashboard select')
  t.equal(job.metrics_path, '/metrics')
  t.same(job.static_configs[0]!.targets, [`api:${metrics!.port}`])
  const mounts = Object.fromEntries((prometheus.volumes ?? []).map(volume => volume.split(':').slice(0, 2).reverse()))
  t.equal(mounts[config.rule_files[0]!], './deploy/prometheus/alerts.yml')
  t.equal(mounts['/etc/prometheus/prometheus.yml'], './deploy/prometheus/prometheus.yml')

  // promtool checks the whole configuration with the rule file where the container has it.
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'alerts.yml'), read('deploy/prometheus/alerts.yml'))
  writeFileSync(join(dir, 'prometheus.yml'), read('deploy/prometheus/prometheus.yml').replace(config.rule_files[0]!, join(dir, 'alerts.yml')))
  t.match(execFileSync('promtool', ['check', 'config', join(dir, 'prometheus.yml')], { encoding: 'utf8' }), /SUCCESS/)
})

test('Grafana: the datasource is that Prometheus, the dashboard only asks for documented series', async t => {
  const datasources = (parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as { datasources: Array<{ uid: string, url: string, type: string }> }).datasources
  t.match(datasources, [{ uid: 'prometheus', type: 'prometheus', url: 'http://prometheus:9090' }])
  const provider = (parse(read('deploy/grafana/provisioning/dashboards/dashboards.yml')) as { providers: Array<{ options: { path: string } }> }).providers[0]!
  const mounts = Object.fromEntries((grafana.volumes ?? []).map(volume => volume.split(':').slice(0, 2).reverse()))
  t.equal(mounts[provider.options.path], './deploy/grafana/dashboards')
  const dashboard = JSON.parse(read('deploy/grafana/dashboards/image-analyses.json')) as { uid: string, panels: Array<{ type: string, title: string, datasource?: { uid: string }, targets?: Array<{ expr: string }> }> }
  t.equal(dashboard.uid, 'image-analyses')
  const graphs = dashboard.panels.filter(panel => panel.type !== 'row')
  t.ok(graphs.length >= 12)
  for (const panel of graphs) {
    t.equal(panel.datasource?.uid, 'prometheus', `${panel.title}: the provisioned datasource`)
    for (const target of panel.targets ?? []) for (const series of seriesIn(target.expr)) t.ok(documented.has(series), `${panel.title}: ${series} is documented`)
  }
  const covered = new Set(graphs.flatMap(panel => (panel.targets ?? []).flatMap(target => [...seriesIn(target.expr)])))
  for (const series of documented) t.ok(covered.has(series), `${series} has a panel`)
})

function fileURLToPathOf (name: string): string {
  return new URL(name, root).pathname
}
