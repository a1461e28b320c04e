export { SpeakerClient } from './speaker-client';
export type { SpeakerClientOptions, SpeakerEvents } from './speaker-client';
export { ListenerClient } from './listener-client';
export type { ListenerClientOptions, ListenerEvents, JoinOptions } from './listener-client';
export type { MissedUtterances } from './replay-tracker';
export { ManagedConnection } from './connection';
export type { ConnectionState, ConnectionTuning, ConnectionOptions, ConnectionEvents } from './connection';
export { Backoff } from './backoff';
export type { BackoffOptions } from './backoff';
export { cognitoPasswordTokenProvider } from './token-provider';
export type { TokenProvider, CognitoPasswordOptions } from './token-provider';
export {
  signInWithPassword,
  completeNewPassword,
  CognitoAuthError,
  NewPasswordRequiredError,
} from './cognito';
export type {
  CognitoClientOptions,
  CognitoTokens,
  SignInWithPasswordOptions,
  CompleteNewPasswordOptions,
} from './cognito';
export { AudioAssembler } from './audio-assembler';
export type { ReceivedAudio } from './audio-assembler';
export { getLanguages, getSession } from './http';
export type { HttpApiOptions, GetSessionOptions } from './http';
export { LingoCastError } from './requests';
export type { ClientErrorCode } from './requests';
export { systemTimers } from './timers';
export type { Timers, TimerHandle } from './timers';
export type { WebSocketLike, WebSocketFactory } from './socket';
export type { Disposer } from './emitter';
export { toBase64, fromBase64 } from './base64';
export type * from '@lingocast/contract';
