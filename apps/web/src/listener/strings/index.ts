// One catalog per language; the page speaks the first of the listener's languages found here.
import type { Catalog } from '../../shared/i18n';
import { ar } from './ar';
import { ca } from './ca';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { gl } from './gl';
import { it } from './it';
import { pt } from './pt';

export type { ListenerKey } from './en';

export const listenerCatalogs: Record<string, Catalog> = { en, es, ca, gl, pt, fr, it, ar };
