/**
 * Names of every environment variable a handler reads. The stacks (serverless.ts) import these
 * same constants to set them, so code and stack cannot drift apart.
 */
export const ENV = {
  stage: 'STAGE',
  region: 'AWS_REGION',
  logLevel: 'LOG_LEVEL',
  /** Local stage only: DynamoDB Local's URL. */
  dynamoDbEndpoint: 'DYNAMODB_ENDPOINT',
  /** Local stage only: serverless-offline's Lambda endpoint of the app being invoked. */
  audioTranscriptionLambdaEndpoint: 'AUDIO_TRANSCRIPTION_LAMBDA_ENDPOINT',
  translationPipelineLambdaEndpoint: 'TRANSLATION_PIPELINE_LAMBDA_ENDPOINT',
  sessionManagementLambdaEndpoint: 'SESSION_MANAGEMENT_LAMBDA_ENDPOINT',
  /** Where to post to WebSocket connections (API Gateway management API). */
  websocketManagementEndpoint: 'WEBSOCKET_MANAGEMENT_ENDPOINT',
  /** Function names of the cross-service invocations. */
  ingestAudioFunction: 'INGEST_AUDIO_FUNCTION',
  transcribeUtteranceFunction: 'TRANSCRIBE_UTTERANCE_FUNCTION',
  translateUtteranceFunction: 'TRANSLATE_UTTERANCE_FUNCTION',
  /** translation-pipeline's `fanOutPartial` (live captions to listeners), invoked asynchronously by audio-transcription. */
  fanOutPartialFunction: 'FAN_OUT_PARTIAL_FUNCTION',
  connectionReadyFunction: 'CONNECTION_READY_FUNCTION',
  /** audio-transcription's `followAudio` (the owner of a session's recognition stream), invoked asynchronously. */
  followAudioFunction: 'FOLLOW_AUDIO_FUNCTION',
  /** `utterance` (cut, then each utterance recognised whole) or `streaming` (one stream per speaking period). */
  recognitionMode: 'RECOGNITION_MODE',
  /** Token verification (Cognito, or the local issuer). */
  jwtIssuer: 'JWT_ISSUER',
  jwksUrl: 'JWKS_URL',
  jwtAudience: 'JWT_AUDIENCE',
  /** `offline` (pocketsphinx, Apertium, espeak-ng) or `aws` (Transcribe, Translate, Polly). */
  speechProvider: 'SPEECH_PROVIDER',
  maxListenersPerSession: 'MAX_LISTENERS_PER_SESSION',
  /** Concurrent sessions a deployment is sized for; the ActiveSessions alarm fires at 90 % of it. */
  maxActiveSessions: 'MAX_ACTIVE_SESSIONS',
  sessionTtlHours: 'SESSION_TTL_HOURS',
  /** Silence that ends an utterance, and the longest utterance. */
  utterancePauseMs: 'UTTERANCE_PAUSE_MS',
  maxUtteranceMs: 'MAX_UTTERANCE_MS',
  /** Adaptive endpointing: once an utterance holds this much speech, this shorter pause ends it; near the maximum, the minimum pause. */
  utteranceShortPauseAfterSpeechMs: 'UTTERANCE_SHORT_PAUSE_AFTER_SPEECH_MS',
  utteranceShortPauseMs: 'UTTERANCE_SHORT_PAUSE_MS',
  utteranceMinPauseMs: 'UTTERANCE_MIN_PAUSE_MS',
  translationCacheTtlDays: 'TRANSLATION_CACHE_TTL_DAYS',
  /** How far back a listener can replay what it missed, in ms (translation-pipeline keeps, session-management reads). */
  replayWindowMs: 'REPLAY_WINDOW_MS',
  fanOutConcurrency: 'FAN_OUT_CONCURRENCY',
  /** Rate limits, each `<max>/<windowSeconds>` (e.g. `50/3600`); see docs/session-management.md. */
  rateLimitSessionCreations: 'RATE_LIMIT_SESSION_CREATIONS',
  /** New listeners per session. */
  rateLimitListenerJoins: 'RATE_LIMIT_LISTENER_JOINS',
  /** Every `$connect` per source address (sized for a venue behind one NAT). */
  rateLimitConnectionAttempts: 'RATE_LIMIT_CONNECTION_ATTEMPTS',
  /** `$connect`s that failed (unknown session, bad token, not the caller's connection) per source address. */
  rateLimitFailedConnects: 'RATE_LIMIT_FAILED_CONNECTS',
  rateLimitHeartbeats: 'RATE_LIMIT_HEARTBEATS',
  rateLimitAudioChunks: 'RATE_LIMIT_AUDIO_CHUNKS',
  /** Connection lifecycle, in seconds: refresh asked at, warnings from, API Gateway's hard limit, idle timeout. */
  connectionRefreshAfterSeconds: 'CONNECTION_REFRESH_AFTER_SECONDS',
  connectionWarningAfterSeconds: 'CONNECTION_WARNING_AFTER_SECONDS',
  /** Seconds between two `connectionWarning`s to one connection (the first at CONNECTION_WARNING_AFTER_SECONDS). */
  connectionWarningIntervalSeconds: 'CONNECTION_WARNING_INTERVAL_SECONDS',
  connectionMaxAgeSeconds: 'CONNECTION_MAX_AGE_SECONDS',
  connectionIdleTimeoutSeconds: 'CONNECTION_IDLE_TIMEOUT_SECONDS',
  /** At most this many connections get a lifecycle notice per sweep, oldest first: a refresh wave is paced. */
  connectionNoticesPerSweep: 'CONNECTION_NOTICES_PER_SWEEP',
  /** How long a session may stay without its speaker before the sweeper ends it. */
  speakerGraceSeconds: 'SPEAKER_GRACE_SECONDS',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];
