import type { FastifyInstance } from 'fastify'

/**
 * One scrape of an app's metrics listener, as `series → value` (the series as written: `name{label="v",…}`).
 * Behaviour tests read what they caused from it; the Prometheus test checks the same through a real Prometheus.
 */
export async function scrape (app: FastifyInstance): Promise<Map<string, number>> {
  const address = app.metricsAddress()
  if (address === null) throw new Error('metrics are off in this app')
  const text = await (await fetch(`http://${address.host}:${address.port}/metrics`)).text()
  const series = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const at = line.lastIndexOf(' ')
    series.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return series
}
