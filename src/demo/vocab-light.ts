/** Lighting vocabulary: conditions, source types and the attributes of a source. */

export type LightPlace = 'outdoor' | 'indoor'

/** The main condition: time of day outdoors, kind of light indoors. */
export const LIGHTING_CONDITIONS: Readonly<Record<LightPlace, readonly string[]>> = {
  outdoor: [
    'Natural daylight', 'Golden hour', 'Overcast', 'Harsh midday sun', 'Blue hour', 'Night', 'Twilight',
    'Foggy morning light', 'Stormy', 'Sunrise', 'Moonlit night', 'Neon-lit night'
  ],
  indoor: [
    'Studio lighting', 'Window light', 'Mixed artificial light', 'Candlelit', 'Ambient room light',
    'Fluorescent office light', 'Firelight', 'Neon-lit', 'Stage lighting', 'Practical lamps only'
  ]
}

/** A second condition naming the quality of the light ("Golden hour / Backlit"). */
export const LIGHT_QUALITIES: readonly string[] = [
  'Soft diffused light', 'High contrast', 'Backlit', 'Low-key', 'High-key', 'Dappled sunlight', 'Chiaroscuro',
  'Rim light', 'Even light', 'Hard light'
]

/** Optional clause after a condition ("Natural daylight, dappled sunlight filtering through trees."). */
export const LIGHTING_CLAUSES: readonly string[] = [
  'dappled sunlight filtering through trees', 'long shadows across the ground', 'soft shadows on the face',
  'strong contrast between light and shade', 'even illumination', 'colored reflections on wet surfaces',
  'light falling off quickly into darkness', 'warm glow on the skin'
]

export const LIGHT_SOURCES: Readonly<Record<LightPlace, readonly string[]>> = {
  outdoor: [
    'Sunlight', 'Overcast sky', 'Street lamp', 'Reflector', 'Neon sign', 'Moonlight', 'Flash / Strobe',
    'Car headlights', 'Bonfire', 'Lantern', 'Shop window glow', 'Skylight'
  ],
  indoor: [
    'Window light', 'Softbox', 'Ring light', 'LED panel', 'Candle', 'Tungsten bulb', 'Practical lamp',
    'Flash / Strobe', 'Fireplace', 'Beauty dish', 'Fluorescent tube', 'Screen glow', 'Reflector', 'Neon sign'
  ]
}

export const LIGHT_ANGLES: readonly string[] = [
  'From the front, slightly above', 'From the left side (side lighting)', 'From behind the subject (backlighting)',
  'From above', 'From the right at 45 degrees (Rembrandt)', 'From below (uplighting)',
  'From above and slightly behind the subject (Backlighting/Rim lighting)', 'Frontal, on-axis',
  'Low, from the horizon', 'From the right side', 'Diffuse, no clear direction'
]

export const LIGHT_COLORS: readonly string[] = [
  'Warm White / Golden', 'Neutral white', 'Cool blue', 'Amber', 'Magenta and teal', 'Orange', 'Daylight balanced',
  'Greenish', 'Soft pink', 'Deep red', 'Pale yellow', 'Silver-blue'
]

export const LIGHT_INTENSITIES: readonly string[] = [
  'Moderate', 'High contrast', 'Soft', 'Bright', 'Dim', 'Low', 'Harsh', 'Gentle', 'Strong', 'Subtle fill'
]

export const LIGHT_EFFECTS: readonly string[] = [
  'Creates a halo effect on the hair and shoulders.', 'Casts long shadows to the right of every object.',
  'Adds catchlights in the eyes and a soft sheen on the skin.', 'Leaves the background in deep shadow.',
  'Highlights the texture of the fabric and the surfaces around it.', 'Causes slight lens flare near the top edge.',
  'Washes out the highlights on the left side of the frame.', 'Separates the subject from the background.'
]
