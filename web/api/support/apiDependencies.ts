import type { Clock, InstitutionSettings } from '../../../engine/context.js';
import type { Store } from '../../../engine/store/ports.js';

/** What the JSON API needs from the server: the store, the institution's calendar, the upload limit. */
export interface ApiDependencies {
  store: Store;
  settings: InstitutionSettings;
  /** Largest accepted attachment, in bytes. */
  maxUploadBytes: number;
  /** Defaults to the system clock; tests move time instead of waiting. */
  clock?: Clock;
  /**
   * Checks every JSON answer (2xx and error answers alike) against the schema its route documents
   * for its status — a status it does not document is a difference too — and answers 500 listing the
   * differences instead of a body the OpenAPI document does not describe. For tests; default: on when
   * the environment sets `KANCELEJA_CHECK_RESPONSES=1` (the jest setup does), else off.
   */
  checkResponses?: boolean;
}
