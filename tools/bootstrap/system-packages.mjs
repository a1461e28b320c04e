// The Debian packages the project needs: the one list setup installs from. Add a package here and
// `npm run setup` (and so `npm run dev` / `npm test`) installs it on the next run.

/**
 * Debian packages the offline speech engines and the tests need.
 *
 * @example
 * import { DEBIAN_PACKAGES } from './system-packages.mjs';
 * DEBIAN_PACKAGES.includes('lame'); // true
 */
export const DEBIAN_PACKAGES = Object.freeze([
  // speech-to-text (offline adapter)
  'pocketsphinx',
  'pocketsphinx-en-us',
  // the recogniser stays loaded in a long-lived Python worker (Debian's bindings; /usr/bin/python3)
  'python3-pocketsphinx',
  // translation (offline adapter): Apertium and its pairs; Spanish is the pivot where no direct pair exists
  'apertium',
  'apertium-eng-spa',
  'apertium-eng-cat',
  'apertium-en-gl',
  'apertium-es-pt',
  'apertium-fr-es',
  'apertium-spa-ita',
  // text-to-speech (offline adapter) and MP3 encoding
  'espeak-ng',
  'lame',
  // tests: audio conversion, generated speech (flite's voices are what pocketsphinx recognises well), browser
  'sox',
  'flite',
  // real recordings (LibriVox read speech) for the endpointing study: audio-transcription:endpointing
  'pocketsphinx-testdata',
  'chromium',
  // the local stage: javac compiles the launcher that keeps DynamoDB Local on 127.0.0.1
  // (libs/local-services/java); iproute2's `ip netns` and `ss` make and check the LAN-mode test's second
  // host; curl runs the token and session examples the banner prints
  'default-jdk-headless',
  'iproute2',
  'curl',
]);

/** Java major version DynamoDB Local needs at least. */
export const MIN_JAVA_MAJOR = 11;
