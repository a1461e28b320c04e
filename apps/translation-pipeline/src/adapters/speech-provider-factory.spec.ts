import { ApertiumTranslator } from './offline/apertium-translator';
import { EspeakSynthesizer } from './offline/espeak-synthesizer';
import { createSpeechProviders } from './speech-provider-factory';

describe('createSpeechProviders', () => {
  it('uses Apertium and espeak-ng for the offline provider', () => {
    // Act
    const providers = createSpeechProviders({ speechProvider: 'offline', region: 'us-east-1' });

    // Assess
    expect(providers.translator).toBeInstanceOf(ApertiumTranslator);
    expect(providers.synthesizer).toBeInstanceOf(EspeakSynthesizer);
  });

  it('refuses the aws provider, which is not wired yet, with a message saying what to set', () => {
    // Act
    const create = () => createSpeechProviders({ speechProvider: 'aws', region: 'us-east-1' });

    // Assess
    expect(create).toThrow(/SPEECH_PROVIDER=offline/);
  });
});
