import type { EmotionDynamics, SpeakingRate, VolumeLevel } from '@lingocast/contract';
import { buildSsml, escapeXml } from './ssml';

function emotion(volume: VolumeLevel, rate: SpeakingRate): EmotionDynamics {
  return { volume: { level: volume, rmsDb: -15 }, rate: { level: rate, wordsPerMinute: 150 } };
}

describe('buildSsml', () => {
  it('wraps the text in speak and prosody with rate and volume', () => {
    // Act
    const ssml = buildSsml('Hola a todos', emotion('loud', 'fast'), { engine: 'polly-neural' });

    // Assess
    expect(ssml).toBe('<speak><prosody rate="fast" volume="loud">Hola a todos</prosody></speak>');
  });

  it.each<[SpeakingRate, string]>([
    ['very_slow', 'x-slow'],
    ['slow', 'slow'],
    ['medium', 'medium'],
    ['fast', 'fast'],
    ['very_fast', 'x-fast'],
  ])('maps the %s speaking rate to rate="%s"', (rate, expected) => {
    // Act
    const ssml = buildSsml('texto', emotion('medium', rate), { engine: 'espeak' });

    // Assess
    expect(ssml).toContain(`rate="${expected}"`);
  });

  it.each<[VolumeLevel, string]>([
    ['loud', 'loud'],
    ['medium', 'medium'],
    ['soft', 'soft'],
    ['whisper', 'x-soft'],
  ])('maps the %s volume to volume="%s"', (volume, expected) => {
    // Act
    const ssml = buildSsml('texto', emotion(volume, 'medium'), { engine: 'espeak' });

    // Assess
    expect(ssml).toContain(`volume="${expected}"`);
  });

  it('never sets pitch, which Polly neural voices do not support', () => {
    // Act
    const ssml = buildSsml('texto', emotion('loud', 'very_fast'), { engine: 'polly-neural' });

    // Assess
    expect(ssml).not.toMatch(/pitch/);
  });

  it('escapes markup characters so text cannot break or inject SSML', () => {
    // Act
    const ssml = buildSsml('Tom & Jerry <break time="3s"/> "quoted" l\'homme', undefined, {
      engine: 'espeak',
    });

    // Assess
    expect(ssml).toBe(
      '<speak>Tom &amp; Jerry &lt;break time=&quot;3s&quot;/&gt; &quot;quoted&quot; l&apos;homme</speak>',
    );
  });

  it('leaves out prosody when no emotion was measured', () => {
    // Act
    const ssml = buildSsml('  Bonjour  ', undefined, { engine: 'polly-neural' });

    // Assess
    expect(ssml).toBe('<speak>Bonjour</speak>');
  });

  it('drops control characters that XML forbids but keeps line breaks', () => {
    // Act
    const ssml = buildSsml('uno\u0000dos\u0007\ntres', undefined, { engine: 'espeak' });

    // Assess
    expect(ssml).toBe('<speak>unodos\ntres</speak>');
  });
});

describe('escapeXml', () => {
  it('escapes all five XML special characters', () => {
    expect(escapeXml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&apos;');
  });

  it('leaves other text, accents included, as it is', () => {
    expect(escapeXml('¿Qué tal? Ça va.')).toBe('¿Qué tal? Ça va.');
  });
});
