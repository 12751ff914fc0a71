/** `npm start`: reads the configuration, starts the server, stops it gracefully on SIGTERM/SIGINT. */
import { loadConfig } from '../engine/config.js';
import { StartupError } from '../engine/errors.js';
import { createLogger } from '../engine/logger.js';
import { keepServingOnStrayErrors } from './http/processGuards.js';
import { startServer } from './server.js';

function fail(error: unknown): never {
  const message =
    error instanceof StartupError ? error.message : error instanceof Error ? error.stack : String(error);
  process.stderr.write(`kanceleja: cannot start: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error);
  }
  const logger = createLogger(config.logLevel);
  keepServingOnStrayErrors(logger);
  // The handlers are in place before the server listens: a signal that arrives while it starts
  // (its "listening" line is already out) still stops it gracefully once started.
  const starting = startServer(config, logger).catch(fail);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      starting
        .then((running) => running.stop())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
    });
  }
  const running = await starting;
  if (running.demo) {
    const lines = running.demo.credentials.map(
      (c) => `  ${c.username.padEnd(10)} ${c.password}  ${c.roles.join(',')}  ${c.departmentCode}`,
    );
    process.stdout.write(
      `\nDemo municipality created. These passwords are shown once and kept in ${running.demo.file}:\n` +
        `${lines.join('\n')}\n\n`,
    );
  }
}

void main();
