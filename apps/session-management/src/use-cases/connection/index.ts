// The connection lifecycle, one file per step: register (with capacity), refresh and resume (take-over),
// greet, disconnect, the sweeper's notices, the refusal told on the socket, the messages they send, and
// the replay of what a listener missed while it was away.
export { registerConnection } from './register';
export type { ConnectRequest } from './request';
export { refreshConnection } from './refresh';
export { greetConnection, greetOrForget, greetWhenOpen } from './greet';
export type { GreetingOutcome, GreetingSchedule } from './greet';
export { unregisterConnection } from './disconnect';
export { noticeDue, sweepConnection } from './notices';
export type { NoticeCounts } from './notices';
export { CONNECT_ACTION, refuseWhenOpen, toldOnTheSocket } from './refuse';
export { MAX_REPLAYED_PER_REQUEST, replay } from './replay';
