import type { Client, estypes } from '@elastic/elasticsearch'
import { esFailure } from '../../clients/elasticsearch-errors.ts'

type TextAnalysis = 'english' | 'hunspell_en_US' | 'standard'

export interface AnalysisSettings {
  kind: TextAnalysis
  settings: estypes.IndicesIndexSettingsAnalysis
}

// `locale` is one of the three accepted spellings; the client's types only list the other two.
const HUNSPELL_FILTER = { type: 'hunspell', locale: 'en_US', dedup: true, longest_only: true } as unknown as estypes.AnalysisHunspellTokenFilter

/**
 * Picks the English text analysis the cluster can run. Production clusters carry the `english` analyzer
 * (module analysis-common); the integration-test distribution used locally lacks it but runs `hunspell`
 * when a dictionary is installed. The choice is recorded in the index's `_meta`.
 */
export async function chooseTextAnalysis (es: Client): Promise<AnalysisSettings> {
  if (await analyzes(es, { analyzer: 'english', text: 'lenses' })) {
    return { kind: 'english', settings: { analyzer: { en_text: { type: 'english' } } } }
  }
  if (await analyzes(es, { tokenizer: 'standard', filter: ['lowercase', HUNSPELL_FILTER], text: 'lenses' })) {
    return {
      kind: 'hunspell_en_US',
      settings: {
        filter: { en_stem: HUNSPELL_FILTER, en_stop: { type: 'stop', stopwords: '_english_' } },
        analyzer: { en_text: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'en_stop', 'en_stem'] } }
      }
    }
  }
  return { kind: 'standard', settings: { analyzer: { en_text: { type: 'standard', stopwords: '_english_' } } } }
}

async function analyzes (es: Client, request: estypes.IndicesAnalyzeRequest): Promise<boolean> {
  try {
    const answer = await es.indices.analyze(request)
    return (answer.tokens ?? []).length > 0
  } catch (error) {
    // 400 = the analyzer or filter is unknown to this cluster; anything else (unreachable) is the caller's problem.
    if (esFailure(error) === 'bad-request') return false
    throw error
  }
}
