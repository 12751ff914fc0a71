/**
 * The last line of defence: an error that escapes every handler (a throw inside a stream's event
 * listener, a promise nobody awaits) is logged, the request it broke (if any) answered 500, and the
 * server keeps serving everyone else. Node's
 * default — ending the process — would let one malformed request take the service down for all.
 * Such errors are bugs: each log line says where, so that they can be fixed where they arise.
 */
import type { Logger } from '../../engine/logger.js';
import { failCurrentRequest } from './requestScope.js';

let installed = false;

export function keepServingOnStrayErrors(logger: Logger): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (error, origin) => {
    logger.error({ err: error, origin }, 'uncaught error; the server keeps running');
    // The request whose listener threw is answered 500; its client is not left waiting.
    failCurrentRequest(error);
  });
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled rejection; the server keeps running');
  });
}
