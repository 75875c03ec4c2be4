import { test } from 'tap'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createDecoder } from 'fast-jwt'
import { build, testEnv } from '../helpers/build.ts'

const run = promisify(execFile)
const SCRIPT = fileURLToPath(new URL('../../scripts/token.ts', import.meta.url))

interface Outcome { code: number, stdout: string, stderr: string }

async function token (args: string[], env: Record<string, string>): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH, ...env } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number, stdout: string, stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

test('prints only a token that the app accepts, with the configured issuer and audience', async t => {
  const env = testEnv(t.name, { JWT_ISSUER: 'https://ops.example', JWT_AUDIENCE: 'image-analyses' })
  const app = await build(t, { JWT_ISSUER: env.JWT_ISSUER!, JWT_AUDIENCE: env.JWT_AUDIENCE! }, app => {
    app.get('/__test/whoami', { config: { auth: 'ingester' } }, async request => request.user)
    app.delete('/__test/admin', { config: { auth: 'admin' } }, async () => ({}))
  })
  const out = await token(['--tenant', 'acme', '--roles', 'reader,ingester', '--sub', 'ops-alice', '--ttl', '120'], env)
  t.equal(out.code, 0)
  t.equal(out.stderr, '')
  t.match(out.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/, 'stdout is the token and a newline')
  const jwt = out.stdout.trim()
  const { header, payload } = createDecoder({ complete: true })(jwt)
  t.match(header, { alg: 'HS256' })
  t.match(payload, { sub: 'ops-alice', tenant: 'acme', roles: ['reader', 'ingester'], iss: 'https://ops.example', aud: 'image-analyses', jti: String })
  t.equal(payload.exp - payload.iat, 120)

  const whoami = await app.inject({ url: '/__test/whoami', headers: { authorization: `Bearer ${jwt}` } })
  t.equal(whoami.statusCode, 200)
  t.same(whoami.json(), { sub: 'ops-alice', tenant: 'acme', roles: ['reader', 'ingester'] })
  const admin = await app.inject({ method: 'DELETE', url: '/__test/admin', headers: { authorization: `Bearer ${jwt}` } })
  t.equal(admin.statusCode, 403, 'the roles asked for, no more')

  const defaults = await token(['--tenant', 'acme', '--roles', 'admin'], env)
  const claims = createDecoder()(defaults.stdout.trim())
  t.equal(claims.exp - claims.iat, 3600, 'one hour by default')
  t.equal(claims.sub, 'acme-user')
})

test('refuses bad input and a configuration it cannot sign with, on stderr only', async t => {
  const env = testEnv(t.name)
  const cases: Array<[string[], Record<string, string>, number, RegExp]> = [
    [['--roles', 'reader'], env, 2, /--tenant must match/],
    [['--tenant', 'Not A Tenant', '--roles', 'reader'], env, 2, /--tenant must match/],
    [['--tenant', 'acme'], env, 2, /--roles takes a comma-separated list of reader, ingester, admin/],
    [['--tenant', 'acme', '--roles', 'reader,root'], env, 2, /--roles .*got reader,root/],
    [['--tenant', 'acme', '--roles', 'reader', '--ttl', '0'], env, 2, /--ttl must be whole seconds/],
    [['--tenant', 'acme', '--roles', 'reader', '--ttl', '99999999'], env, 2, /--ttl/],
    [['--tenant', 'acme', '--roles', 'reader', '--bogus'], env, 2, /Unknown option '--bogus'/],
    [['--tenant', 'acme', '--roles', 'reader'], { ...env, JWT_SECRET: '' }, 78, /JWT_SECRET is required/],
    [['--tenant', 'acme', '--roles', 'reader'], { ...env, JWT_SECRET: 'short' }, 78, /JWT_SECRET must be at least 32 bytes/],
    [['--tenant', 'acme', '--roles', 'reader'], { ...env, JWT_ALGORITHMS: 'RS256', JWT_JWKS_URL: 'https://idp.example/jwks', JWT_ISSUER: 'https://idp.example', CURSOR_SECRET: 'c'.repeat(32) }, 78, /JWT_SECRET is needed to sign/]
  ]
  for (const [args, caseEnv, code, message] of cases) {
    const out = await token(args, caseEnv)
    t.equal(out.code, code, `${args.join(' ')}: exit ${code}`)
    t.equal(out.stdout, '', 'nothing on stdout')
    t.match(out.stderr, message)
  }
})
