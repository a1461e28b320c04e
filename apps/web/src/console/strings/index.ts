import type { Catalog } from '../../shared/i18n';
import { en } from './en';
import { es } from './es';

/** The console's catalogs, by language code; English is the fallback. */
export const catalogs: Record<string, Catalog> = { en, es };
