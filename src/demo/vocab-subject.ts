/** Subject vocabulary: people, moods, expressions, poses and clothing. */

export interface Person {
  noun: string
  gender: string
  ages: readonly string[]
}

export const PEOPLE: readonly Person[] = [
  { noun: 'young woman', gender: 'Female', ages: ['Young Adult (approx. 20-30s)', 'Young adult'] },
  { noun: 'man', gender: 'Male', ages: ['Adult (30-45)', 'Young Adult (approx. 20-30s)'] },
  { noun: 'woman', gender: 'Female', ages: ['Adult (30-45)', 'Middle-aged (45-60)'] },
  { noun: 'hiker', gender: 'Unspecified', ages: ['Adult (30-45)', 'Young adult'] },
  { noun: 'elderly man', gender: 'Male', ages: ['Senior (65+)', 'Elderly'] },
  { noun: 'teenage girl', gender: 'Female', ages: ['Teenager (15-19)'] },
  { noun: 'street musician', gender: 'Male', ages: ['Adult (30-45)', 'Middle-aged (45-60)'] },
  { noun: 'dancer', gender: 'Female', ages: ['Young Adult (approx. 20-30s)'] },
  { noun: 'child', gender: 'Unspecified', ages: ['Child (6-10)'] },
  { noun: 'elderly woman', gender: 'Female', ages: ['Senior (65+)', 'Elderly'] },
  { noun: 'cyclist', gender: 'Male', ages: ['Young adult', 'Adult (30-45)'] },
  { noun: 'chef', gender: 'Male', ages: ['Middle-aged (45-60)'] },
  { noun: 'model', gender: 'Female', ages: ['Young Adult (approx. 20-30s)'] },
  { noun: 'fisherman', gender: 'Male', ages: ['Senior (65+)', 'Middle-aged (45-60)'] },
  { noun: 'skateboarder', gender: 'Male', ages: ['Teenager (15-19)', 'Young adult'] },
  { noun: 'painter', gender: 'Non-binary', ages: ['Adult (30-45)'] }
]

export const MOODS: readonly string[] = [
  'calm', 'serene', 'joyful', 'pensive', 'composed', 'melancholic', 'playful', 'confident', 'wild', 'relaxed',
  'vulnerable', 'mysterious', 'nostalgic', 'focused', 'dreamy', 'intense', 'contemplative', 'carefree',
  'lonely', 'romantic', 'tense', 'hopeful', 'somber', 'energetic', 'naturalistic', 'defiant', 'tender',
  'whimsical', 'alert', 'weary', 'triumphant', 'anxious', 'elegant', 'gritty', 'peaceful', 'brooding'
]

/** Hedge words FACETS.md drops from moods. */
export const HEDGES: readonly string[] = [
  'slightly', 'somewhat', 'very', 'quite', 'rather', 'mildly', 'moderately', 'highly', 'extremely', 'fairly',
  'a bit', 'a little'
]

export const MOOD_JOINERS: readonly string[] = [', ', ', ', ', ', ' but ', ' and ', '; ', ' / ', ' yet ', ' or ']

export const EXPRESSIONS: readonly string[] = [
  'Neutral', 'Soft smile', 'Alert, slightly surprised', 'Laughing', 'Serious', 'Eyes closed, peaceful',
  'Furrowed brow', 'Smirk', 'Wistful gaze', 'Wide grin', 'Lips slightly parted', 'Squinting into the light',
  'Candid, mid-sentence', 'Stern'
]

export const POSES: ReadonlyArray<{ pose: string, verb: string }> = [
  { pose: 'Standing, weight on one leg.', verb: 'stands' },
  { pose: 'Seated on a bench.', verb: 'sits' },
  { pose: 'Walking toward the camera.', verb: 'walks' },
  { pose: 'Deep squat / Crouching position.', verb: 'crouches' },
  { pose: 'Leaning against a wall, arms crossed.', verb: 'leans' },
  { pose: 'Lying on the back, arms outstretched.', verb: 'lies' },
  { pose: 'Kneeling, hands on thighs.', verb: 'kneels' },
  { pose: 'Mid-stride, running.', verb: 'runs' },
  { pose: 'Dancing, one arm raised.', verb: 'dances' },
  { pose: 'Sitting cross-legged on the floor.', verb: 'sits' },
  { pose: 'Looking over the shoulder.', verb: 'pauses' },
  { pose: 'Jumping, both feet off the ground.', verb: 'jumps' }
]

export const UPPER_BODY: readonly string[] = [
  'T-shirt', 'Denim jacket', 'Linen shirt', 'Wool sweater', 'Leather jacket', 'Hoodie', 'Blazer', 'Rain coat',
  'Tank top', 'Silk blouse', 'Flannel shirt', 'Puffer jacket', 'One-piece swimsuit', 'Turtleneck', 'Apron'
]

export const LOWER_BODY: readonly string[] = [
  'Jeans', 'Chinos', 'Cargo shorts', 'Pleated skirt', 'Linen trousers', 'Leggings', 'Sweatpants', 'Maxi skirt',
  'Tailored trousers', 'Denim shorts', 'Overalls'
]

export const FOOTWEAR: readonly string[] = [
  'Sneakers', 'Leather boots', 'Sandals', 'Loafers', 'Barefoot', 'Hiking boots', 'High heels', 'Rubber boots',
  'Saddle shoes', 'Canvas shoes'
]

export const COLORS: readonly string[] = [
  'Black', 'White', 'Navy blue', 'Red', 'Olive green', 'Beige', 'Grey', 'Mustard yellow', 'Burgundy', 'Pastel pink',
  'Rust orange', 'Teal', 'Cream', 'Charcoal', 'Sky blue', 'Brown', 'Lavender', 'Forest green'
]

export const MATERIALS: readonly string[] = [
  'Cotton', 'Denim', 'Wool', 'Leather', 'Linen', 'Silk', 'Polyester', 'Spandex/Lycra', 'Corduroy', 'Nylon',
  'Knit', 'Suede'
]

export const BODY_FACING: readonly string[] = [
  'Facing the camera', 'Side profile (facing right of frame)', 'Three-quarter view, turned left',
  'Back to the camera', 'Side profile (facing left of frame)', 'Turned slightly away'
]

export const GAZE: readonly string[] = [
  'Direct eye contact', 'Looking off-frame to the left', 'Eyes lowered', 'Looking up at the sky',
  'Gazing into the distance', 'Looking at an object in hand', 'Eyes closed'
]

export const HAIR_COLORS: readonly string[] = [
  'Blonde', 'Dark brown', 'Black', 'Auburn', 'Grey', 'Red', 'Light brown', 'Platinum', 'Salt and pepper', 'Dyed blue'
]

export const HAIR_STYLES: readonly string[] = [
  'Short, layered, messy cut', 'Long and straight, parted in the middle', 'Curly, shoulder-length',
  'Tied back in a low ponytail', 'Buzz cut', 'Loose waves, windswept', 'Braided crown', 'Slicked back',
  'Bob with bangs', 'Messy bun with loose strands', 'Shaved sides, longer on top'
]

export const ACCESSORIES: readonly string[] = [
  'Silver necklace', 'Wristwatch (leather strap)', 'Round glasses', 'Wide-brimmed hat', 'Beanie', 'Hoop earrings',
  'Canvas tote bag', 'Scarf', 'Leather belt', 'Beaded bracelet', 'Wedding ring', 'Bandana'
]
