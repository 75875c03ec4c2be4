import { CLOSED_VALUES, FACETS, isFacetName, type FacetName } from '../../schemas/facets.ts'
import { VOCABULARY_LIMITS } from '../../schemas/vocabulary.ts'
import type { SearchIssue } from '../query/errors.ts'
import { filterValues, isClosedFacet } from '../facets/filter-values.ts'
import { canonicalize } from '../facets/text.ts'
import type { Merges, Vocabulary } from './vocabulary-types.ts'

/** The document as sent: any facet name may arrive, checked here. */
export interface VocabularyDraft {
  merge?: Record<string, Record<string, string>>
  synonyms?: string[][]
}

/**
 * Every problem of a vocabulary document, one issue per offending place (JSON pointers into the body), so one 400
 * lists them all; an empty list means `vocabularyOf(draft)` is safe to store.
 */
export function vocabularyIssues (draft: VocabularyDraft): SearchIssue[] {
  const issues: SearchIssue[] = []
  const add = (pointer: string, detail: string) => { issues.push({ pointer, detail }) }
  let merges = 0
  for (const [facet, map] of Object.entries(draft.merge ?? {})) {
    const at = `/merge/${escape(facet)}`
    if (!isFacetName(facet)) {
      add(at, `'${preview(facet)}' is not a facet; facets are ${FACETS.join(', ')}`)
      continue
    }
    for (const [source, target] of Object.entries(map)) {
      merges++
      const here = `${at}/${escape(source)}`
      const problem = valueProblem(facet, source, 'source') ?? valueProblem(facet, target, 'target')
      if (problem !== null) add(here, problem)
      else if (source === target) add(here, `${facet} '${preview(source)}' is mapped to itself`)
      else if (Object.hasOwn(map, target)) add(here, chainProblem(facet, map, source))
    }
  }
  if (merges > VOCABULARY_LIMITS.merges) add('/merge', `${merges} merges; at most ${VOCABULARY_LIMITS.merges} per tenant`)
  synonymIssues(draft.synonyms ?? [], add)
  return issues
}

/** Why a value cannot be a merge's source or target, or null: values are canonical (FACETS.md), closed targets allowed. */
function valueProblem (facet: FacetName, value: string, role: 'source' | 'target'): string | null {
  if (value.length === 0 || value.length > VOCABULARY_LIMITS.valueLength) return `a ${role} of ${facet} must have 1 to ${VOCABULARY_LIMITS.valueLength} characters`
  if (isClosedFacet(facet)) {
    const allowed: readonly string[] = CLOSED_VALUES[facet]
    if (role === 'target' && !allowed.includes(value)) return `${facet} is a closed vocabulary: the target '${preview(value)}' must be one of ${allowed.join(', ')}`
    // A closed facet's source may be an unmapped text (what the dashboard lists): it must be canonical, not a value.
    const canonical = canonicalize(value)
    return canonical === value ? null : `${facet} ${role} '${preview(value)}' is not canonical (write '${preview(canonical)}')`
  }
  const canonical = filterValues(facet, value) ?? []
  if (canonical.length === 1 && canonical[0] === value) return null
  const hint = canonical.length === 0 ? 'it names no value' : canonical.length === 1 ? `write '${preview(canonical[0]!)}'` : `it splits into ${canonical.map(v => `'${preview(v)}'`).join(', ')}`
  return `${facet} ${role} '${preview(value)}' is not one canonical value (${hint})`
}

/** a→b with b→c: the merge must name its final value (one step, so ingest and queries apply it once). */
function chainProblem (facet: FacetName, map: Record<string, string>, source: string): string {
  const path = [source]
  let at = map[source]!
  while (Object.hasOwn(map, at) && !path.includes(at)) {
    path.push(at)
    at = map[at]!
  }
  const cycle = path.includes(at)
  path.push(at)
  const shown = path.map(v => `'${preview(v)}'`).join(' → ')
  return cycle
    ? `${facet}: the merges form a cycle (${shown})`
    : `${facet}: '${preview(source)}' is merged into '${preview(map[source]!)}', which is merged itself (${shown}); map '${preview(source)}' to '${preview(at)}' directly`
}

function synonymIssues (groups: string[][], add: (pointer: string, detail: string) => void): void {
  if (groups.length > VOCABULARY_LIMITS.synonymGroups) add('/synonyms', `${groups.length} synonym groups; at most ${VOCABULARY_LIMITS.synonymGroups} per tenant`)
  const seen = new Map<string, number>()
  groups.forEach((group, g) => {
    if (group.length < 2 || group.length > VOCABULARY_LIMITS.groupSize) add(`/synonyms/${g}`, `a synonym group has 2 to ${VOCABULARY_LIMITS.groupSize} words`)
    group.forEach((word, w) => {
      const here = `/synonyms/${g}/${w}`
      if (word.length === 0 || word.length > VOCABULARY_LIMITS.valueLength) return add(here, `a synonym has 1 to ${VOCABULARY_LIMITS.valueLength} characters`)
      const written = synonymText(word)
      if (written !== word) return add(here, `synonym '${preview(word)}' is not lower-case with single spaces (write '${preview(written)}')`)
      const other = seen.get(word)
      if (other === g) return add(here, `synonym '${preview(word)}' is listed twice in its group`)
      if (other !== undefined) return add(here, `synonym '${preview(word)}' is already in group ${other}: a word belongs to one group`)
      seen.set(word, g)
    })
  })
}

/** How a synonym is written: what a search word is once parsed (parse-text.ts lower-cases), spaces single. */
function synonymText (word: string): string {
  return word.toLowerCase().replace(/\s+/g, ' ').trim()
}

/** The document once valid: facets in name order, empty maps dropped. */
export function vocabularyOf (draft: VocabularyDraft): Vocabulary {
  const merge: Merges = {}
  for (const facet of FACETS) {
    const map = draft.merge?.[facet]
    if (map !== undefined && Object.keys(map).length > 0) merge[facet] = map
  }
  return { merge, synonyms: draft.synonyms ?? [] }
}

function escape (name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1')
}

function preview (text: string): string {
  return text.slice(0, 64)
}
