import type { Logger } from '@lingocast/logging';
import type { CutterSettings } from '../domain/utterance-cutter';
import type {
  AudioStore,
  Clock,
  SpeakerNotifier,
  SpeechToText,
  TranslationSink,
  UtteranceScheduler,
} from '../ports';

export interface TranscriptionSettings extends CutterSettings {
  speechThresholdDb: number;
  /** At most one audio-quality warning per kind per this interval. */
  qualityWarningIntervalMs: number;
}

export interface Deps {
  store: AudioStore;
  scheduler: UtteranceScheduler;
  speechToText: SpeechToText;
  translation: TranslationSink;
  speaker: SpeakerNotifier;
  clock: Clock;
  settings: TranscriptionSettings;
  logger: Logger;
}
