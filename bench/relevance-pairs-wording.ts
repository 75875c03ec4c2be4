/**
 * Document wording vs canonical filter (issue 12 item 3): pairs for the relevance check of bench/relevance.ts, in its
 * RelevancePair shape (kind 'wording'), to be listed with its other pairs. `query` is a filter written as the demo
 * corpus's analyses word it (src/demo/vocab-*.ts), `reference` the canonical value it must select; their top-10
 * overlap on the demo corpus should be 1 (the normalizer reads both to the same selection, docs/search.md).
 */
export interface WordingPair {
  kind: 'wording'
  query: Record<string, string | string[]>
  reference: Record<string, string | string[]>
}

const pair = (name: string, wording: string | string[], canonical: string | string[]): WordingPair =>
  ({ kind: 'wording', query: { [name]: wording }, reference: { [name]: canonical } })

export const WORDING_PAIRS: WordingPair[] = [
  pair('lens', 'Telephoto lens (estimated 85mm-135mm)', 'telephoto'),
  pair('lens', '50mm prime', 'standard'),
  pair('lens', 'ultra wide 14mm', 'ultra-wide'),
  pair('lens', 'Fisheye 8mm', 'fisheye'),
  pair('lens', 'super telephoto 600mm', 'super-telephoto'),
  pair('lens', 'Macro lens 100 mm', 'macro'),
  pair('lens', 'Tilt shift lens (miniature effect)', 'tilt-shift'),
  pair('lens', '35mm prime', 'wide'),
  pair('camera_angle', 'Low angle, looking up', 'low-angle'),
  pair('camera_angle', "Bird's-eye view", 'overhead'),
  pair('camera_angle', "Worm's-eye view", 'worms-eye'),
  pair('camera_angle', 'Tilted frame', 'dutch-angle'),
  pair('depth_of_field', 'Shallow, background and foreground are blurred (bokeh).', 'shallow'),
  pair('depth_of_field', 'Deep, everything in focus', 'deep'),
  pair('depth_of_field', 'Moderate depth of field', 'medium'),
  pair('setting', 'Jungle / Tropical Forest / Riverbank', ['jungle', 'tropical forest', 'riverbank']),
  pair('setting', 'Urban Street; Rooftop', ['urban street', 'rooftop']),
  pair('light_color', 'Warm White / Golden', ['warm white', 'golden']),
  pair('source', 'type:Sunlight,color:Warm White / Golden', 'type:sunlight,color:golden/warm white'),
  pair('negative', 'Cartoon; 3D render.', ['cartoon', '3d render'])
]
