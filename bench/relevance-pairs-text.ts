/**
 * Misspelled vs correct and prefix vs whole word (issue 12 items 1 and 2): pairs for the relevance check of
 * bench/relevance.ts, beside the wording pairs (relevance-pairs-wording.ts). `query` is what a user types, `reference`
 * what they mean; on the demo corpus their top-10 hits should overlap (target ≥ 0.8 on average over every pair).
 * A trailing space makes every word whole; without one the last word is typed as you go (docs/search.md).
 */
export interface TextPair {
  kind: 'typo' | 'prefix'
  query: { q: string }
  reference: { q: string }
}

const typo = (typed: string, meant: string): TextPair => ({ kind: 'typo', query: { q: typed }, reference: { q: meant } })
const prefix = (typed: string, meant: string): TextPair => ({ kind: 'prefix', query: { q: typed }, reference: { q: meant } })

export const TEXT_PAIRS: TextPair[] = [
  typo('jungel ', 'jungle '),
  typo('woman jungel ', 'woman jungle '),
  typo('womna ', 'woman '),
  typo('sunligth ', 'sunlight '),
  typo('mountian ', 'mountain '),
  typo('desrt ', 'desert '),
  typo('golden sunlihgt ', 'golden sunlight '),
  typo('beahc ', 'beach '),
  typo('telephtoo ', 'telephoto '),
  typo('forset ', 'forest '),
  typo('woman jumg', 'woman jungle '),
  typo('portriat ', 'portrait '),
  prefix('jung', 'jungle '),
  prefix('mount', 'mountain '),
  prefix('telepho', 'telephoto '),
  prefix('woman sunli', 'woman sunlight '),
  prefix('desert gold', 'desert golden '),
  prefix('neo', 'neon '),
  prefix('beac', 'beach '),
  prefix('fores', 'forest '),
  prefix('warm whi', 'warm white '),
  prefix('umbrel', 'umbrella '),
  prefix('candl', 'candle '),
  prefix('street portra', 'street portrait ')
]
