import { render } from 'preact'
import { App } from './app.tsx'
import { takeTokenFromFragment } from './session.ts'
import './styles.css'

// Before anything renders or is fetched: the token leaves the address bar at once.
takeTokenFromFragment()
render(<App />, document.getElementById('app')!)
