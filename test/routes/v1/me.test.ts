import { test } from 'tap'
import { build, tokenFor } from '../../helpers/build.ts'

test('GET /v1/me: the tenant and roles of the verified token', async t => {
  const app = await build(t)
  const token = tokenFor(app, { tenant: 'acme', roles: ['ingester'], sub: 'ana' })
  const me = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${token}` } })
  t.equal(me.statusCode, 200)
  t.same(me.json(), { sub: 'ana', tenant: 'acme', roles: ['ingester'] })
  t.equal(me.headers['cache-control'], 'no-store', 'never kept by a browser or proxy')

  const mixed = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${tokenFor(app, { tenant: 'acme', roles: ['admin', 'billing' as 'admin'] })}` } })
  t.equal(mixed.statusCode, 401, 'a role this service does not know refuses the token whole (docs/security.md)')
  t.match(mixed.json(), { code: 'UNAUTHORIZED', detail: /roles claim/ })

  const none = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${tokenFor(app, { tenant: 'acme', roles: [] })}` } })
  t.equal(none.statusCode, 403)
  t.match(none.json(), { code: 'FORBIDDEN', detail: 'This operation needs the role \'reader\'' })

  const anonymous = await app.inject({ url: '/v1/me' })
  t.equal(anonymous.statusCode, 401)
  t.equal(anonymous.json().code, 'UNAUTHORIZED')
})
