import { PocketsphinxSpeechToText } from './offline/pocketsphinx-speech-to-text';
import { createSpeechToText } from './speech-to-text-factory';

describe('createSpeechToText', () => {
  it('uses pocketsphinx for the offline provider', () => {
    // Act
    const engine = createSpeechToText({ speechProvider: 'offline', region: 'us-east-1' });

    // Assess
    expect(engine).toBeInstanceOf(PocketsphinxSpeechToText);
    expect(engine.languages).toContain('en');
  });

  it('refuses the aws provider, which is not wired yet, with a message saying what to set', () => {
    // Act
    const create = () => createSpeechToText({ speechProvider: 'aws', region: 'us-east-1' });

    // Assess
    expect(create).toThrow(/SPEECH_PROVIDER=offline/);
  });
});
