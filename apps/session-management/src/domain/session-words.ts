/**
 * Word lists for readable session ids (`golden-eagle-427`): Christian and Bible-themed, lowercase,
 * no duplicates within or across lists (checked by the tests).
 */
export const ADJECTIVES: readonly string[] = [
  'able', 'abundant', 'ancient', 'anointed', 'blessed', 'bold', 'bountiful', 'bright', 'brave', 'calm',
  'candid', 'caring', 'chosen', 'clean', 'clear', 'comforting', 'compassionate', 'constant', 'content', 'courageous',
  'covenant', 'crowned', 'devoted', 'diligent', 'divine', 'eager', 'earnest', 'endless', 'enduring', 'eternal',
  'exalted', 'fair', 'faithful', 'fearless', 'fervent', 'fruitful', 'gentle', 'generous', 'giving', 'glad',
  'glorious', 'golden', 'good', 'gracious', 'grateful', 'guiding', 'hallowed', 'happy', 'healing', 'heavenly',
  'helpful', 'holy', 'honest', 'hopeful', 'humble', 'joyful', 'just', 'kind', 'kingly', 'lasting',
  'living', 'loving', 'loyal', 'lowly', 'majestic', 'meek', 'merciful', 'mighty', 'mindful', 'modest',
  'noble', 'obedient', 'patient', 'peaceful', 'pure', 'quiet', 'radiant', 'ready', 'redeemed', 'renewed',
  'restful', 'restored', 'righteous', 'royal', 'sacred', 'serene', 'shining', 'silent', 'sincere', 'singing',
  'smiling', 'sovereign', 'steadfast', 'still', 'strong', 'sure', 'tender', 'thankful', 'true', 'trusting',
  'upright', 'valiant', 'victorious', 'vigilant', 'watchful', 'welcoming', 'wise', 'worthy', 'zealous', 'willing',
];

export const NOUNS: readonly string[] = [
  'altar', 'angel', 'anchor', 'apostle', 'ark', 'banner', 'beacon', 'bell', 'blessing', 'branch',
  'bread', 'bridge', 'candle', 'cedar', 'chalice', 'chapel', 'cherub', 'choir', 'city', 'cloud',
  'crown', 'cup', 'dawn', 'disciple', 'dove', 'eagle', 'elder', 'fig', 'fish',
  'flame', 'flock', 'fountain', 'garden', 'gate', 'gift', 'glory', 'grace', 'grain', 'harp',
  'harvest', 'heart', 'herald', 'hill', 'honey', 'hope', 'horn', 'hymn', 'icon', 'jordan',
  'journey', 'joy', 'lamb', 'lamp', 'lantern', 'light', 'lily', 'lion', 'manna', 'meadow',
  'mercy', 'mountain', 'myrrh', 'nativity', 'oak', 'olive', 'palm', 'parable', 'pasture', 'path',
  'pearl', 'pilgrim', 'praise', 'prayer', 'prophet', 'psalm', 'rainbow', 'river', 'rock', 'rose',
  'sabbath', 'saint', 'salt', 'scroll', 'seed', 'shepherd', 'shield', 'shore', 'spring', 'staff',
  'star', 'stone', 'sparrow', 'temple', 'tower', 'tree', 'trumpet', 'valley', 'vine', 'vineyard',
  'water', 'well', 'wheat', 'wing', 'witness', 'word', 'zion', 'ember', 'cornerstone', 'lighthouse',
];

/** Combinations that read badly in a session id; the generator never produces them. */
export const BLACKLIST: readonly string[] = ['holy-cow', 'lowly-lamb', 'still-water', 'salt-pillar', 'fig-leaf', 'silent-witness'];
