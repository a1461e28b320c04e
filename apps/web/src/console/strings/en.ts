import type { Catalog } from '../../shared/i18n';

/** The speaker console's words in English (the fallback for every other catalog). */
export const en: Catalog = {
  'app.title': 'LingoCast speaker console',
  'app.loading': 'Starting the console…',
  'app.configError': 'The console cannot start',
  'app.reload': 'Reload',

  'signIn.title': 'Sign in to speak',
  'signIn.localHelp': 'This is the local stage: any name gets you a speaker token.',
  'signIn.name': 'Your name',
  'signIn.username': 'Username',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.submitting': 'Signing in…',
  'signIn.signedInAs': 'Signed in as {name}',
  'signIn.signOut': 'Sign out',
  'signIn.newPasswordTitle': 'Choose a new password',
  'signIn.newPasswordHelp': 'You signed in with a temporary password. Choose your own to continue.',
  'signIn.newPassword': 'New password',
  'signIn.newPasswordAgain': 'New password again',
  'signIn.newPasswordSubmit': 'Save and sign in',
  'signIn.error.missing-username': 'Type your name first.',
  'signIn.error.missing-password': 'Type the password.',
  'signIn.error.wrong-password': 'That password is not right. Check it (is Caps Lock on?) and try again.',
  'signIn.error.unknown-user':
    'No speaker has that username. Check the spelling, or ask whoever runs LingoCast to create your account.',
  'signIn.error.passwords-differ': 'The two passwords are different. Type the same new password twice.',
  'signIn.error.password-rejected':
    'That password does not meet the rules: use a longer one with upper- and lower-case letters, a digit and a symbol.',
  'signIn.error.challenge-expired':
    'Choosing the password took too long. Sign in again with the temporary password.',
  'signIn.error.name-rejected':
    'On the local stage a name needs Latin letters or digits (the token issuer accepts A–Z, 0–9 and . _ @ + -). Type another one.',
  'signIn.error.session-expired': 'Your sign-in expired. Sign in again to continue.',
  'signIn.error.unreachable':
    'The sign-in service could not be reached. Check your network connection and try again.',
  'signIn.error.unknown': 'Signing in did not work. Try again in a moment.',

  'create.title': 'New session',
  'create.language': 'Language you will speak',
  'create.tier': 'Quality',
  'create.submit': 'Create session',
  'create.submitting': 'Creating the session…',
  'create.loading': 'Loading the languages this server offers…',
  'create.languagesFailed': 'The list of languages could not be loaded.',
  'create.retry': 'Try again',
  'tier.standard': 'Standard',
  'tier.premium': 'Premium',

  'problem.UNAUTHORIZED': 'Your sign-in is no longer valid. Sign out, then sign in again.',
  'problem.FORBIDDEN': 'This account may not do that. Sign in as the speaker of this session.',
  'problem.UNSUPPORTED_LANGUAGE': 'The server cannot recognise that language. Choose another one.',
  'problem.INVALID_PARAMETERS': 'The server did not accept the request. Reload the page and try again.',
  'problem.RATE_LIMIT_EXCEEDED': 'Too many requests at once. Wait a few seconds and try again.',
  'problem.SESSION_ID_EXHAUSTED': 'The server has no free session codes right now. Try again in a minute.',
  'problem.SERVICE_UNAVAILABLE': 'The service is busy or restarting. Try again in a moment.',
  'problem.SESSION_NOT_FOUND': 'This session no longer exists. Start a new one.',
  'problem.SESSION_ENDED': 'This session has ended. Start a new one.',
  'problem.SESSION_NOT_ACTIVE': 'The broadcast is paused: press Resume first.',
  'problem.TIMEOUT': 'The server did not answer in time. Check the connection and try again.',
  'problem.NOT_CONNECTED':
    'Not connected to the server. Wait until the status says Connected, then try again.',
  'problem.NETWORK': 'The server could not be reached. Check your network connection and try again.',
  'problem.QUEUE_FULL':
    'Too much audio is waiting to be sent: the connection is too slow or down. Pause until it says Connected again.',
  'problem.TRANSCRIPTION_FAILED':
    'Speech recognition failed for a moment: what you said just then may be missing.',
  'problem.unknown': 'Something went wrong ({code}). Try again; if it keeps happening, reload the page.',
  'problem.retryAfter': { one: 'Wait {count} second.', other: 'Wait {count} seconds.' },
  'problem.dismiss': 'Dismiss',

  'mic.title': 'Microphone',
  'mic.device': 'Input device',
  'mic.default': 'System default',
  'mic.unnamed': 'Microphone {number}',
  'mic.check': 'Check microphone',
  'mic.asking': 'Waiting for the microphone… If the browser asks, choose Allow.',
  'mic.level': 'Input level',
  'mic.levelText': '{reading} %',
  'mic.off': 'The microphone is off. Press "Check microphone" to test it before you start.',
  'mic.ready': 'Microphone on. Speak: the bar should move with your voice.',
  'mic.problem.denied':
    'The browser does not let this page use the microphone. Click the lock or microphone icon next to the address, allow the microphone for this site, then press "Check microphone" again.',
  'mic.problem.no-device':
    'No microphone was found. Plug one in or switch it on, then press "Check microphone".',
  'mic.problem.blocked-by-policy':
    'A policy (of this site or of whoever manages this browser) switches the microphone off for this page. Ask them to allow it.',
  'mic.problem.in-use':
    'The microphone is busy: another app (a call, a recorder) is using it. Close that app, then press "Check microphone".',
  'mic.problem.insecure-context':
    'Browsers allow the microphone only on secure pages. Open the console at http://localhost or over HTTPS.',
  'mic.problem.unsupported':
    'This browser cannot capture audio here. Use a recent Chrome, Edge, Firefox or Safari.',
  'mic.problem.lost':
    'The microphone stopped (unplugged or switched off): listeners hear nothing now. Plug it back in or choose another device, then press "Check microphone".',
  'mic.problem.failed':
    'The microphone could not be started. Press "Check microphone" to try again, or choose another device.',

  'live.title': 'Broadcast',
  'live.start': 'Start speaking',
  'live.stop': 'Stop speaking',
  'live.pause': 'Pause',
  'live.resume': 'Resume',
  'live.mute': 'Mute',
  'live.unmute': 'Unmute',
  'live.volume': 'Listeners’ volume',
  'live.phase.created': 'Ready. Press "Start speaking" when you begin.',
  'live.phase.live': 'On air: listeners hear you.',
  'live.phase.paused': 'Paused: listeners see that you paused, and nothing is sent.',
  'live.phase.ending': 'Sending the last audio, then ending the session…',
  'live.muted': 'Muted: listeners get captions but no translated audio.',
  'connection.offline': 'Not connected',
  'connection.connecting': 'Connecting…',
  'connection.live': 'Connected',
  'connection.refreshing': 'Refreshing the connection (nothing is lost)…',
  'connection.reconnecting':
    'Connection lost, reconnecting… Keep talking: your audio is kept and sent when it is back.',
  'queued.none': 'All audio delivered',
  'queued.some': {
    one: '{count} second of audio waiting to be sent',
    other: '{count} seconds of audio waiting to be sent',
  },

  'audience.title': 'Audience',
  'audience.count': { one: '{count} listener', other: '{count} listeners' },
  'audience.none': 'No one has joined yet: share the code or the QR code.',
  'audience.language': { one: '{language}: {count} listener', other: '{language}: {count} listeners' },

  'warning.clipping':
    'Your voice is distorting: it is too loud. Move back from the microphone a little, or lower its gain.',
  'warning.low_snr':
    'There is a lot of background noise. Find a quieter room, or move closer to the microphone.',
  'warning.silence': 'Only silence is coming through. Is the microphone muted, switched off or unplugged?',
  'warning.dismiss': 'Dismiss',

  'transcript.title': 'What the system heard',
  'transcript.empty':
    'What you say appears here as it is recognised, so you can spot mistakes as they happen.',
  'transcript.partial': 'Hearing now (not final yet)',

  'share.title': 'Invite listeners',
  'share.code': 'Session code',
  'share.link': 'Join link',
  'share.copy': 'Copy link',
  'share.copied': 'Link copied.',
  'share.copyFailed': 'Could not copy: select the link and copy it yourself.',
  'share.qr': 'QR code of the join link for session {code}',
  'share.projector': 'Projector view',
  'share.scan': 'Scan to listen in your language',
  'share.orOpen': 'or open {link}',
  'projector.close': 'Leave projector view',
  'projector.hint': 'Escape leaves this view',
  'projector.captions': 'Live captions',
  'projector.waiting': 'Captions appear here when the speaker talks.',

  'end.button': 'End session',
  'end.confirmTitle': 'End the session for everyone?',
  'end.confirmBody': 'Listeners are told the session is over. The audio already captured is delivered first.',
  'end.confirm': 'End for everyone',
  'end.cancel': 'Keep going',
  'ended.title': 'Session ended',
  'ended.bySpeaker': 'Session {code} has ended for everyone.',
  'ended.undrained': 'Some of the last audio could not be delivered before the end.',
  'ended.byServer': 'The server ended session {code} ({reason}).',
  'ended.new': 'Start a new session',
};
