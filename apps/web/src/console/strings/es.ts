import type { Catalog } from '../../shared/i18n';

/** The speaker console's words in Spanish. */
export const es: Catalog = {
  'app.title': 'Consola del orador de LingoCast',
  'app.loading': 'Iniciando la consola…',
  'app.configError': 'La consola no puede arrancar',
  'app.reload': 'Recargar',

  'signIn.title': 'Inicia sesión para hablar',
  'signIn.localHelp': 'Este es el entorno local: cualquier nombre te da un token de orador.',
  'signIn.name': 'Tu nombre',
  'signIn.username': 'Usuario',
  'signIn.password': 'Contraseña',
  'signIn.submit': 'Iniciar sesión',
  'signIn.submitting': 'Iniciando sesión…',
  'signIn.signedInAs': 'Sesión iniciada como {name}',
  'signIn.signOut': 'Cerrar sesión',
  'signIn.newPasswordTitle': 'Elige una contraseña nueva',
  'signIn.newPasswordHelp': 'Has entrado con una contraseña temporal. Elige la tuya para continuar.',
  'signIn.newPassword': 'Contraseña nueva',
  'signIn.newPasswordAgain': 'Repite la contraseña nueva',
  'signIn.newPasswordSubmit': 'Guardar y entrar',
  'signIn.error.missing-username': 'Escribe primero tu nombre.',
  'signIn.error.missing-password': 'Escribe la contraseña.',
  'signIn.error.wrong-password':
    'La contraseña no es correcta. Revísala (¿está activado Bloq Mayús?) y vuelve a intentarlo.',
  'signIn.error.unknown-user':
    'Ningún orador tiene ese usuario. Revisa cómo está escrito o pide a quien gestiona LingoCast que cree tu cuenta.',
  'signIn.error.passwords-differ':
    'Las dos contraseñas son distintas. Escribe dos veces la misma contraseña nueva.',
  'signIn.error.password-rejected':
    'Esa contraseña no cumple las reglas: usa una más larga con mayúsculas, minúsculas, un número y un símbolo.',
  'signIn.error.challenge-expired':
    'Elegir la contraseña ha llevado demasiado tiempo. Vuelve a entrar con la contraseña temporal.',
  'signIn.error.name-rejected':
    'En el entorno local el nombre necesita letras latinas o números (el emisor de tokens acepta A–Z, 0–9 y . _ @ + -). Escribe otro.',
  'signIn.error.session-expired': 'Tu sesión ha caducado. Vuelve a iniciar sesión para continuar.',
  'signIn.error.unreachable':
    'No se pudo contactar con el servicio de acceso. Revisa tu conexión y vuelve a intentarlo.',
  'signIn.error.unknown': 'No se pudo iniciar sesión. Vuelve a intentarlo en un momento.',

  'create.title': 'Nueva sesión',
  'create.language': 'Idioma en el que hablarás',
  'create.tier': 'Calidad',
  'create.submit': 'Crear sesión',
  'create.submitting': 'Creando la sesión…',
  'create.loading': 'Cargando los idiomas que ofrece este servidor…',
  'create.languagesFailed': 'No se pudo cargar la lista de idiomas.',
  'create.retry': 'Volver a intentarlo',
  'tier.standard': 'Estándar',
  'tier.premium': 'Prémium',

  'problem.UNAUTHORIZED': 'Tu sesión ya no es válida. Ciérrala y vuelve a iniciar sesión.',
  'problem.FORBIDDEN': 'Esta cuenta no puede hacer eso. Entra como el orador de esta sesión.',
  'problem.UNSUPPORTED_LANGUAGE': 'El servidor no puede reconocer ese idioma. Elige otro.',
  'problem.INVALID_PARAMETERS': 'El servidor no aceptó la petición. Recarga la página y vuelve a intentarlo.',
  'problem.RATE_LIMIT_EXCEEDED':
    'Demasiadas peticiones a la vez. Espera unos segundos y vuelve a intentarlo.',
  'problem.SESSION_ID_EXHAUSTED':
    'El servidor no tiene códigos de sesión libres ahora. Vuelve a intentarlo en un minuto.',
  'problem.SERVICE_UNAVAILABLE':
    'El servicio está ocupado o reiniciándose. Vuelve a intentarlo en un momento.',
  'problem.SESSION_NOT_FOUND': 'Esta sesión ya no existe. Empieza una nueva.',
  'problem.SESSION_ENDED': 'Esta sesión ha terminado. Empieza una nueva.',
  'problem.SESSION_NOT_ACTIVE': 'La emisión está en pausa: pulsa Reanudar primero.',
  'problem.TIMEOUT': 'El servidor no respondió a tiempo. Revisa la conexión y vuelve a intentarlo.',
  'problem.NOT_CONNECTED':
    'Sin conexión con el servidor. Espera a que el estado diga Conectado y vuelve a intentarlo.',
  'problem.NETWORK': 'No se pudo contactar con el servidor. Revisa tu conexión de red y vuelve a intentarlo.',
  'problem.QUEUE_FULL':
    'Hay demasiado audio esperando a enviarse: la conexión es lenta o se ha caído. Haz una pausa hasta que vuelva a decir Conectado.',
  'problem.TRANSCRIPTION_FAILED':
    'El reconocimiento de voz falló un momento: puede faltar lo que dijiste justo entonces.',
  'problem.unknown': 'Algo salió mal ({code}). Vuelve a intentarlo; si sigue pasando, recarga la página.',
  'problem.retryAfter': { one: 'Espera {count} segundo.', other: 'Espera {count} segundos.' },
  'problem.dismiss': 'Cerrar',

  'mic.title': 'Micrófono',
  'mic.device': 'Dispositivo de entrada',
  'mic.default': 'Predeterminado del sistema',
  'mic.unnamed': 'Micrófono {number}',
  'mic.check': 'Probar el micrófono',
  'mic.asking': 'Esperando al micrófono… Si el navegador pregunta, elige Permitir.',
  'mic.level': 'Nivel de entrada',
  'mic.levelText': '{reading} %',
  'mic.off': 'El micrófono está apagado. Pulsa «Probar el micrófono» para comprobarlo antes de empezar.',
  'mic.ready': 'Micrófono encendido. Habla: la barra debería moverse con tu voz.',
  'mic.problem.denied':
    'El navegador no deja a esta página usar el micrófono. Pulsa el icono del candado o del micrófono junto a la dirección, permite el micrófono para este sitio y vuelve a pulsar «Probar el micrófono».',
  'mic.problem.no-device':
    'No se encontró ningún micrófono. Conecta uno o enciéndelo y pulsa «Probar el micrófono».',
  'mic.problem.blocked-by-policy':
    'Una política (de este sitio o de quien administra este navegador) desactiva el micrófono en esta página. Pídeles que lo permitan.',
  'mic.problem.in-use':
    'El micrófono está ocupado: otra aplicación (una llamada, una grabadora) lo está usando. Ciérrala y pulsa «Probar el micrófono».',
  'mic.problem.insecure-context':
    'Los navegadores solo permiten el micrófono en páginas seguras. Abre la consola en http://localhost o por HTTPS.',
  'mic.problem.unsupported':
    'Este navegador no puede capturar audio aquí. Usa una versión reciente de Chrome, Edge, Firefox o Safari.',
  'mic.problem.lost':
    'El micrófono se ha detenido (desconectado o apagado): ahora nadie te oye. Vuelve a conectarlo o elige otro dispositivo y pulsa «Probar el micrófono».',
  'mic.problem.failed':
    'No se pudo encender el micrófono. Pulsa «Probar el micrófono» para intentarlo de nuevo o elige otro dispositivo.',

  'live.title': 'Emisión',
  'live.start': 'Empezar a hablar',
  'live.stop': 'Dejar de hablar',
  'live.pause': 'Pausar',
  'live.resume': 'Reanudar',
  'live.mute': 'Silenciar',
  'live.unmute': 'Activar sonido',
  'live.volume': 'Volumen para los oyentes',
  'live.phase.created': 'Todo listo. Pulsa «Empezar a hablar» cuando empieces.',
  'live.phase.live': 'En directo: los oyentes te escuchan.',
  'live.phase.paused': 'En pausa: los oyentes ven que has hecho una pausa y no se envía nada.',
  'live.phase.ending': 'Enviando el último audio y terminando la sesión…',
  'live.muted': 'Silenciado: los oyentes reciben subtítulos pero no el audio traducido.',
  'connection.offline': 'Sin conexión',
  'connection.connecting': 'Conectando…',
  'connection.live': 'Conectado',
  'connection.refreshing': 'Renovando la conexión (no se pierde nada)…',
  'connection.reconnecting':
    'Conexión perdida, reconectando… Sigue hablando: tu audio se guarda y se envía cuando vuelva.',
  'queued.none': 'Todo el audio entregado',
  'queued.some': {
    one: '{count} segundo de audio pendiente de enviar',
    other: '{count} segundos de audio pendientes de enviar',
  },

  'audience.title': 'Audiencia',
  'audience.count': { one: '{count} oyente', other: '{count} oyentes' },
  'audience.none': 'Aún no se ha unido nadie: comparte el código o el código QR.',
  'audience.language': { one: '{language}: {count} oyente', other: '{language}: {count} oyentes' },

  'warning.clipping':
    'Tu voz se distorsiona: llega demasiado fuerte. Apártate un poco del micrófono o baja su ganancia.',
  'warning.low_snr': 'Hay mucho ruido de fondo. Busca una sala más tranquila o acércate al micrófono.',
  'warning.silence': 'Solo llega silencio. ¿Está el micrófono silenciado, apagado o desconectado?',
  'warning.dismiss': 'Cerrar',

  'transcript.title': 'Lo que ha entendido el sistema',
  'transcript.empty':
    'Lo que digas aparece aquí a medida que se reconoce, para que veas los errores al momento.',
  'transcript.partial': 'Escuchando ahora (aún no es definitivo)',

  'share.title': 'Invita a los oyentes',
  'share.code': 'Código de la sesión',
  'share.link': 'Enlace para unirse',
  'share.copy': 'Copiar enlace',
  'share.copied': 'Enlace copiado.',
  'share.copyFailed': 'No se pudo copiar: selecciona el enlace y cópialo tú.',
  'share.qr': 'Código QR del enlace de la sesión {code}',
  'share.projector': 'Vista de proyector',
  'share.scan': 'Escanea para escuchar en tu idioma',
  'share.orOpen': 'o abre {link}',
  'projector.close': 'Salir de la vista de proyector',
  'projector.hint': 'Escape sale de esta vista',
  'projector.captions': 'Subtítulos en directo',
  'projector.waiting': 'Los subtítulos aparecen aquí cuando habla el orador.',

  'end.button': 'Terminar la sesión',
  'end.confirmTitle': '¿Terminar la sesión para todos?',
  'end.confirmBody':
    'Se avisa a los oyentes de que la sesión ha terminado. Antes se entrega el audio ya capturado.',
  'end.confirm': 'Terminar para todos',
  'end.cancel': 'Seguir',
  'ended.title': 'Sesión terminada',
  'ended.bySpeaker': 'La sesión {code} ha terminado para todos.',
  'ended.undrained': 'Parte del último audio no se pudo entregar antes del final.',
  'ended.byServer': 'El servidor terminó la sesión {code} ({reason}).',
  'ended.new': 'Empezar una sesión nueva',
};
