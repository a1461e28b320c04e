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
  connectionReadyFunction: 'CONNECTION_READY_FUNCTION',
  /** Token verification (Cognito, or the local issuer). */
  jwtIssuer: 'JWT_ISSUER',
  jwksUrl: 'JWKS_URL',
  jwtAudience: 'JWT_AUDIENCE',
  /** `offline` (pocketsphinx, Apertium, espeak-ng) or `aws` (Transcribe, Translate, Polly). */
  speechProvider: 'SPEECH_PROVIDER',
  maxListenersPerSession: 'MAX_LISTENERS_PER_SESSION',
  sessionTtlHours: 'SESSION_TTL_HOURS',
  /** Silence that ends an utterance, and the longest utterance. */
  utterancePauseMs: 'UTTERANCE_PAUSE_MS',
  maxUtteranceMs: 'MAX_UTTERANCE_MS',
  translationCacheTtlDays: 'TRANSLATION_CACHE_TTL_DAYS',
  fanOutConcurrency: 'FAN_OUT_CONCURRENCY',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];
