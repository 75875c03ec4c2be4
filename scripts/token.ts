/**
 * Prints one bearer token on stdout (nothing else), signed HS256 with the configured JWT_SECRET, issuer and
 * audience, for operators and development (USAGE below). The configuration is read from the environment like the
 * server's (loadConfig).
 */
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../src/config/load-config.ts'
import { signDevToken } from '../src/http/dev-token.ts'
import { isRole, TENANT_PATTERN } from '../src/http/principal.ts'
import { ROLES } from '../src/schemas/roles.ts'

const USAGE = `usage: npm run token -- --tenant <tenant> --roles <role1,role2> [--sub <subject>] [--ttl <seconds>]
       (node scripts/token.ts …)

Prints one HS256 token signed with JWT_SECRET (and the first JWT_ISSUER / JWT_AUDIENCE) on stdout.

  --tenant T           the token's tenant claim
  --roles R1,R2        reader, ingester and/or admin
  --sub S              the subject (default: <tenant>-user)
  --ttl SECONDS        lifetime, 1 to 604800 (default: 3600)
  --help               this text

exit code: 0 printed, 2 bad arguments, 78 configuration (no JWT_SECRET, or an invalid one)`
// Operator tokens cannot be revoked one by one (HS256, no revocation list): keep them short-lived.
const MAX_TTL_S = 7 * 24 * 3600

class UsageError extends Error {}

/** What the command prints: the token, or the usage when asked for it. */
function answer (argv: string[], env: Record<string, string | undefined>): string {
  let values
  try {
    values = parseArgs({
      args: argv,
      options: { tenant: { type: 'string' }, roles: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false
    }).values
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  if (values.help === true) return USAGE
  const { tenant, roles: rolesArg, sub, ttl } = values
  if (tenant === undefined || !TENANT_PATTERN.test(tenant)) {
    throw new UsageError(`--tenant must match ${TENANT_PATTERN.source} (got ${tenant ?? 'nothing'})`)
  }
  const roles = (rolesArg ?? '').split(',').map(role => role.trim()).filter(Boolean)
  const unknown = roles.filter(role => !isRole(role))
  if (roles.length === 0 || unknown.length > 0) {
    throw new UsageError(`--roles takes a comma-separated list of ${ROLES.join(', ')} (got ${rolesArg ?? 'nothing'})`)
  }
  if (sub !== undefined && (sub.length === 0 || sub.length > 256)) throw new UsageError('--sub must be 1 to 256 characters')
  const ttlS = ttl === undefined ? 3600 : Number(ttl)
  if (!Number.isSafeInteger(ttlS) || ttlS < 1 || ttlS > MAX_TTL_S) {
    throw new UsageError(`--ttl must be whole seconds from 1 to ${MAX_TTL_S} (got ${ttl})`)
  }
  const config = loadConfig(env)
  if (config.jwt.secret === undefined) {
    throw new ConfigError([`JWT_SECRET is needed to sign (JWT_ALGORITHMS is ${config.jwt.algorithms.join(',')}); with RS256/ES256 tokens come from your identity provider`])
  }
  return signDevToken(config.jwt, { tenant, roles: roles.filter(isRole), ttlS, ...(sub === undefined ? {} : { sub }) })
}

try {
  process.stdout.write(`${answer(process.argv.slice(2), process.env)}\n`)
} catch (error) {
  if (!(error instanceof UsageError) && !(error instanceof ConfigError)) throw error
  process.stderr.write(`token: ${error.message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`)
  process.exitCode = error instanceof UsageError ? 2 : 78
}
