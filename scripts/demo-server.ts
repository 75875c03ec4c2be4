/**
 * The service with demo data, for a first look: starts the API (configuration from the environment, as
 * `npm start`), loads DEMO_DOCS demo analyses (default 500) for the tenant `demo` when it has none, and prints the
 * URLs (the web page's as a link that signs in), a demo token and a curl example. Run through `npm run demo`,
 * which brings up Elasticsearch and Redis and builds the web page first.
 */
import { configOrExit } from '../src/server.ts'
import { start } from '../src/start.ts'
import { loadDemoWhenEmpty } from '../src/demo/load-demo.ts'
import { ensureStarterVocabulary } from '../src/demo/starter-vocabulary.ts'
import { signDevToken } from '../src/http/dev-token.ts'

const TENANT = 'demo'
const config = configOrExit()
const app = await start(config)
// The vocabulary first: documents loaded next are derived with it; any loaded before are re-derived by the job.
const vocabulary = await ensureStarterVocabulary(app.es, app.indices, TENANT)
if (vocabulary) app.vocabularyJobs.start(TENANT)
const loaded = await loadDemoWhenEmpty(app.es, app.indices, TENANT, Number(process.env.DEMO_DOCS ?? 500))
await app.tenantWritten(TENANT)
const token = signDevToken(config.jwt, { tenant: TENANT, roles: ['admin'], sub: 'demo-user', ttlS: 7 * 24 * 3600 })
const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host
const { port } = app.server.address() as { port: number }
const url = `http://${host}:${port}`
const metrics = app.hasDecorator('metricsAddress') ? app.metricsAddress() : null
process.stderr.write(`
  Image analyses search is running.
  Web page   ${config.uiEnabled ? `${url}/#token=${token}` : 'off (UI_ENABLED=false)'}
             (opens signed in as the demo admin; the token stays in the fragment, which browsers never send)
  API        ${url}   (ready: ${url}/readyz)
  Docs       ${config.docsEnabled ? `${url}/docs` : 'off (DOCS_ENABLED=false)'}
  Metrics    ${metrics === null ? 'off (set METRICS_PORT)' : `http://${metrics.host}:${metrics.port}/metrics`}   (Prometheus format; docs/operations.md)
  Demo data  ${loaded > 0 ? `${loaded} analyses loaded` : 'already loaded'} for tenant "${TENANT}"
  Vocabulary ${vocabulary ? 'starter vocabulary stored' : 'kept as it is'} (GET /v1/admin/vocabulary; docs/vocabulary.md)
  Token      (tenant ${TENANT}, role admin, valid 7 days)
${token}

  Try:
  curl -s -H "authorization: Bearer ${token}" '${url}/v1/search?q=jungle&lens=telephoto&facets=setting,lens,mood'

`)
