import { useState } from 'preact/hooks'

/** Asks for a bearer token; shows why the last one was refused (the 401's or 403's detail). */
export function SignIn ({ detail, onToken }: { detail?: string | undefined, onToken: (token: string) => void }) {
  const [token, setToken] = useState('')
  return (
    <main id='main' class='page narrow sign-in'>
      <h1>Sign in</h1>
      <p>Paste a bearer token (a JWT with your tenant and roles). <code>npm run demo</code> prints a link that signs you in.</p>
      {detail !== undefined && (
        <div class='notice notice-error' role='alert' data-testid='sign-in-problem'><strong>The token was refused:</strong> {detail}</div>
      )}
      <form onSubmit={event => {
        event.preventDefault()
        if (token.trim() !== '') onToken(token.trim())
      }}
      >
        <label for='token'>Bearer token</label>
        <textarea id='token' name='token' rows={4} autocomplete='off' spellcheck={false} required value={token} onInput={event => setToken(event.currentTarget.value)} />
        <button type='submit'>Sign in</button>
      </form>
      <p class='muted'>The token stays in this tab (session storage) and is sent only to this service.</p>
    </main>
  )
}
