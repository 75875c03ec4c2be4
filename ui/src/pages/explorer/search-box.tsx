import { useEffect, useRef, useState } from 'preact/hooks'

/** Quiet time after the last keystroke before the text becomes the search. */
const TYPING_DEBOUNCE_MS = 300

/**
 * The text box searches as you type: the text is committed once typing pauses (or at once with Enter). A text
 * changed from outside (Back, a shared link) replaces what the box shows.
 */
export function SearchBox ({ q, onCommit }: { q: string, onCommit: (q: string) => void }) {
  const [text, setText] = useState(q)
  const committed = useRef(q)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  useEffect(() => {
    if (q === committed.current) return
    committed.current = q
    setText(q)
  }, [q])
  useEffect(() => () => { clearTimeout(timer.current) }, [])

  const commit = (value: string) => {
    clearTimeout(timer.current)
    if (value.trim() === committed.current.trim()) return
    committed.current = value.trim()
    onCommit(value.trim())
  }

  return (
    <form class='search-box' role='search' onSubmit={event => { event.preventDefault(); commit(text) }}>
      <label for='q'>Search analyses</label>
      <div class='search-row'>
        <input
          id='q' name='q' type='search' value={text} autocomplete='off' spellcheck={false}
          placeholder='words, "a phrase", -excluded'
          onInput={event => {
            const value = event.currentTarget.value
            setText(value)
            clearTimeout(timer.current)
            timer.current = setTimeout(() => { commit(value) }, TYPING_DEBOUNCE_MS)
          }}
        />
        <button type='submit'>Search</button>
      </div>
    </form>
  )
}
