/** Object, negative-prompt and provenance vocabulary. */

export const OBJECTS: ReadonlyArray<{ name: string, noun: string }> = [
  { name: 'Coffee cup', noun: 'coffee cup' },
  { name: 'Umbrella', noun: 'umbrella' },
  { name: 'Bicycle', noun: 'bicycle' },
  { name: 'Smartphone', noun: 'smartphone' },
  { name: 'Backpack', noun: 'backpack' },
  { name: 'Book', noun: 'book' },
  { name: 'Guitar', noun: 'guitar' },
  { name: 'Vegetation', noun: 'patch of vegetation' },
  { name: 'Canteen / Flask', noun: 'canteen' },
  { name: 'Sunglasses', noun: 'pair of sunglasses' },
  { name: 'Chair', noun: 'chair' },
  { name: 'Dog', noun: 'dog' },
  { name: 'Camera', noun: 'camera' },
  { name: 'Wine glass', noun: 'wine glass' },
  { name: 'Hat / Cap', noun: 'hat' },
  { name: 'Bouquet of flowers', noun: 'bouquet' },
  { name: 'Laptop', noun: 'laptop' },
  { name: 'Skateboard', noun: 'skateboard' },
  { name: 'Lantern', noun: 'lantern' },
  { name: 'Surfboard', noun: 'surfboard' },
  { name: 'Vintage car', noun: 'vintage car' },
  { name: 'Suitcase; Luggage', noun: 'suitcase' },
  { name: 'Headphones', noun: 'pair of headphones' },
  { name: 'Cat', noun: 'cat' },
  { name: 'Shoe (detached)', noun: 'shoe' },
  { name: 'Map', noun: 'folded map' },
  { name: 'Bench', noun: 'bench' },
  { name: 'Kite', noun: 'kite' },
  { name: 'Typewriter', noun: 'typewriter' },
  { name: 'Blurred Foreground Grass/Reeds', noun: 'clump of reeds' },
  { name: 'Fishing rod', noun: 'fishing rod' },
  { name: 'Teapot', noun: 'teapot' },
  { name: 'Paper lanterns | Garland', noun: 'string of paper lanterns' },
  { name: 'Motorcycle', noun: 'motorcycle' },
  { name: 'Mirror', noun: 'mirror' },
  { name: 'Vinyl record', noun: 'vinyl record' }
]

export const OBJECT_ADJECTIVES: readonly string[] = [
  'Worn', 'Shiny', 'Old', 'Brand-new', 'Weathered', 'Small', 'Oversized', 'Polished', 'Dusty', 'Scratched',
  'Hand-made', 'Faded'
]

export const OBJECT_REMARKS: readonly string[] = [
  'partially cropped', 'slightly out of focus', 'catching the light', 'casting a soft shadow', 'with a visible logo',
  'half hidden', 'reflecting the surroundings', 'in sharp focus'
]

export const POSITIONS: readonly string[] = [
  'Foreground center', 'Bottom left corner', 'Held in right hand', 'Held in left hand, resting near knee',
  'Background right', 'Resting on the table', 'Leaning against the wall', 'Upper third, out of focus',
  'On the ground beside the subject', 'Middle ground, left', 'Right edge of frame', 'Hanging overhead'
]

export const NEGATIVE_TERMS: readonly string[] = [
  'cartoon', '3d render', 'illustration', 'drawing', 'low quality', 'pixelated', 'blurry face', 'distorted hands',
  'extra limbs', 'bad anatomy', 'watermark', 'text', 'logo', 'oversaturated', 'grainy', 'jpeg artifacts',
  'deformed', 'cropped head', 'duplicate', 'studio background', 'urban setting', 'heavy makeup', 'plastic skin',
  'harsh flash', 'overexposed', 'underexposed', 'lens distortion', 'motion blur', 'noise', 'anime'
]

/** Who produced the analysis; `source` on the ingested document. */
export const SOURCES: readonly string[] = [
  'demo:vision-gpt', 'demo:gemini-vision', 'demo:claude-vision', 'demo:llava-13b', 'demo:manual'
]

export const GENERIC_TAGS: readonly string[] = [
  'portrait', 'lifestyle', 'editorial', 'travel', 'street', 'nature', 'fashion', 'documentary', 'candid',
  'fine-art', 'stock', 'moody', 'color', 'black-and-white'
]

export const OBJECT_PURPOSES: readonly string[] = [
  'Prop indicating a travel context.', 'Adds a pop of color to the frame.', 'Suggests an everyday routine.',
  'Anchors the foreground and adds depth.', 'Hints at the subject\'s hobby.', 'Balances the composition.',
  'Part of the setting, not staged.', 'Creates a narrative detail.'
]
