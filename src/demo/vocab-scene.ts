/**
 * Scene vocabulary: settings, environment types and environment details.
 * Order matters: `zipfPick` makes the first entries far more frequent, like real analyzer output.
 */

export type SettingKind = 'nature' | 'water' | 'urban' | 'interior' | 'studio'

export interface SettingWord {
  name: string
  kind: SettingKind
}

export const SETTINGS: readonly SettingWord[] = [
  { name: 'Urban Street', kind: 'urban' },
  { name: 'Beach', kind: 'water' },
  { name: 'Forest', kind: 'nature' },
  { name: 'Studio', kind: 'studio' },
  { name: 'Cafe Interior', kind: 'interior' },
  { name: 'Jungle', kind: 'nature' },
  { name: 'Mountain Lake', kind: 'water' },
  { name: 'Living Room', kind: 'interior' },
  { name: 'Desert', kind: 'nature' },
  { name: 'Park', kind: 'nature' },
  { name: 'Rooftop', kind: 'urban' },
  { name: 'Riverbank', kind: 'water' },
  { name: 'Tropical Forest', kind: 'nature' },
  { name: 'Bedroom', kind: 'interior' },
  { name: 'City Skyline', kind: 'urban' },
  { name: 'Kitchen', kind: 'interior' },
  { name: 'Meadow', kind: 'nature' },
  { name: 'Subway Station', kind: 'urban' },
  { name: 'Alpine Trail', kind: 'nature' },
  { name: 'Harbor', kind: 'water' },
  { name: 'Library', kind: 'interior' },
  { name: 'Night Market', kind: 'urban' },
  { name: 'Wheat Field', kind: 'nature' },
  { name: 'Rocky Coastline', kind: 'water' },
  { name: 'Abandoned Warehouse', kind: 'interior' },
  { name: 'Botanical Garden', kind: 'nature' },
  { name: 'Parking Garage', kind: 'urban' },
  { name: 'Snowy Village', kind: 'urban' },
  { name: 'Vineyard', kind: 'nature' },
  { name: 'Train Platform', kind: 'urban' },
  { name: 'Art Gallery', kind: 'interior' },
  { name: 'Waterfall', kind: 'water' },
  { name: 'Backstage', kind: 'interior' },
  { name: 'Old Town Alley', kind: 'urban' },
  { name: 'Sand Dunes', kind: 'nature' },
  { name: 'Swimming Pool', kind: 'water' },
  { name: 'Greenhouse', kind: 'interior' },
  { name: 'Bamboo Grove', kind: 'nature' },
  { name: 'Gym', kind: 'interior' },
  { name: 'Coral Reef', kind: 'water' },
  { name: 'Photo Studio Cyclorama', kind: 'studio' },
  { name: 'Lavender Field', kind: 'nature' },
  { name: 'Diner', kind: 'interior' },
  { name: 'Lighthouse', kind: 'water' },
  { name: 'Bridge', kind: 'urban' },
  { name: 'Cathedral Nave', kind: 'interior' },
  { name: 'Volcanic Plateau', kind: 'nature' },
  { name: 'Seamless Backdrop', kind: 'studio' },
  { name: 'Marsh', kind: 'water' },
  { name: 'Recording Studio', kind: 'interior' }
]

/** Environment type by setting kind; the first entry is the usual one, the others are rarer phrasings. */
export const ENVIRONMENT_TYPES: Readonly<Record<SettingKind, readonly string[]>> = {
  nature: ['Outdoor', 'Outdoor / Natural', 'Exterior', 'Outdoor, Wilderness', 'Outdoors'],
  water: ['Outdoor', 'Outdoor / Waterfront', 'Underwater', 'Exterior', 'Outdoor; Coastal'],
  urban: ['Outdoor', 'Outdoor / Urban', 'Exterior', 'Semi-outdoor', 'Outdoor | Street'],
  interior: ['Indoor', 'Interior', 'Indoor / Domestic', 'Indoor, Public space', 'Indoors'],
  studio: ['Studio', 'Indoor / Studio', 'Studio, Controlled', 'Indoor']
}

export const DETAILS: Readonly<Record<SettingKind, readonly string[]>> = {
  nature: [
    'Dense vegetation', 'tall grass swaying', 'fallen leaves on the ground', 'moss-covered rocks',
    'a narrow dirt path', 'distant hills in haze', 'wildflowers scattered across the ground', 'twisted tree roots',
    'dry cracked earth', 'pine needles underfoot', 'ferns and undergrowth', 'scattered boulders'
  ],
  water: [
    'calm water with soft reflections', 'waves breaking on the shore', 'wet sand with footprints',
    'lily pads on the surface', 'a wooden jetty', 'spray rising from the water', 'pebbles along the edge',
    'moored boats in the distance', 'seaweed on the rocks', 'mist hanging above the water'
  ],
  urban: [
    'wet asphalt', 'graffiti on brick walls', 'parked cars along the curb', 'glass storefronts',
    'pedestrians blurred in the background', 'overhead power lines', 'steel railings', 'concrete pillars',
    'shop signs in several languages', 'puddles reflecting signage', 'cobblestone paving', 'traffic lights'
  ],
  interior: [
    'wooden floorboards', 'exposed brick wall', 'potted plants on a shelf', 'a large window with sheer curtains',
    'framed prints on the wall', 'a worn leather armchair', 'stacks of books', 'tiled floor',
    'string lights along the ceiling', 'a cluttered desk', 'peeling paint', 'soft rug underfoot'
  ],
  studio: [
    'seamless paper backdrop', 'plain grey background', 'light stands partially visible', 'white cyclorama wall',
    'colored gel on the background', 'polished concrete floor', 'a single wooden stool', 'black velvet backdrop'
  ]
}
