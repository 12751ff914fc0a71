/**
 * The IMAP_* settings of e-mail intake (issue 17, part 2), read by engine/config.ts: null when
 * IMAP_URL is unset (any other IMAP_* variable is then a problem: it would silently do nothing).
 */

export interface ImapConfig {
  host: string;
  port: number;
  /** `imaps://`: TLS from the first byte; `imap://`: STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  /** The folder read, `INBOX` unless IMAP_FOLDER says otherwise. */
  folder: string;
  pollIntervalMs: number;
  /** The folder taken messages are moved to; null: they stay, flagged `$Kanceleja` and seen. */
  moveTo: string | null;
  /** Accept a server certificate that does not verify (a test server); never in production. */
  allowUntrustedCertificate: boolean;
}

const OTHER_VARIABLES = [
  'IMAP_USER',
  'IMAP_PASSWORD',
  'IMAP_FOLDER',
  'IMAP_POLL_SECONDS',
  'IMAP_MOVE_TO',
  'IMAP_TLS_INSECURE',
];

/** A folder name as IMAP takes it: no control characters, at most 255 characters. */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const FOLDER = /^[^\u0000-\u001f\u007f]{1,255}$/;

export function readImap(
  read: (name: string) => string | undefined,
  production: boolean,
  problems: string[],
): ImapConfig | null {
  const raw = read('IMAP_URL');
  if (raw === undefined) {
    for (const name of OTHER_VARIABLES) {
      if (read(name) !== undefined)
        problems.push(`${name}: has no effect without IMAP_URL; set both or neither`);
    }
    return null;
  }
  const before = problems.length;
  let parsed: URL | null;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = null;
  }
  if (!parsed || !['imap:', 'imaps:'].includes(parsed.protocol) || parsed.hostname === '') {
    problems.push(
      'IMAP_URL: not an imap:// or imaps:// URL (for example imaps://registry%40novads.lv:secret@mail.novads.lv)',
    );
    return null;
  }
  if (parsed.search !== '' || parsed.hash !== '' || !['', '/'].includes(parsed.pathname)) {
    problems.push('IMAP_URL: must have no path, ?query or #fragment (the folder is IMAP_FOLDER)');
  }
  const decode = (value: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      problems.push('IMAP_URL: the user name or password has a bad %-escape');
      return value;
    }
  };
  const user = read('IMAP_USER') ?? (parsed.username === '' ? undefined : decode(parsed.username));
  const password = read('IMAP_PASSWORD') ?? (parsed.password === '' ? undefined : decode(parsed.password));
  if (user === undefined) problems.push('IMAP_USER: required when IMAP_URL names no user');
  if (password === undefined) problems.push('IMAP_PASSWORD: required when IMAP_URL names no password');

  const folder = read('IMAP_FOLDER') ?? 'INBOX';
  if (!FOLDER.test(folder)) problems.push('IMAP_FOLDER: not a folder name');
  const moveTo = read('IMAP_MOVE_TO') ?? null;
  if (moveTo !== null && !FOLDER.test(moveTo)) problems.push('IMAP_MOVE_TO: not a folder name');
  if (moveTo !== null && moveTo === folder) {
    problems.push('IMAP_MOVE_TO: must be another folder than IMAP_FOLDER');
  }
  const pollRaw = read('IMAP_POLL_SECONDS') ?? '60';
  const poll = Number(pollRaw);
  if (!Number.isInteger(poll) || poll < 1 || poll > 86_400) {
    problems.push(`IMAP_POLL_SECONDS: must be a whole number from 1 to 86400, got "${pollRaw}"`);
  }
  const insecureRaw = read('IMAP_TLS_INSECURE') ?? 'false';
  if (!['true', 'false'].includes(insecureRaw)) {
    problems.push(`IMAP_TLS_INSECURE: must be true or false, got "${insecureRaw}"`);
  } else if (insecureRaw === 'true' && production) {
    problems.push('IMAP_TLS_INSECURE: must not be true when NODE_ENV=production');
  }
  const secure = parsed.protocol === 'imaps:';
  const port = parsed.port === '' ? (secure ? 993 : 143) : Number(parsed.port);
  if (problems.length > before || user === undefined || password === undefined) return null;
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    secure,
    user,
    password,
    folder,
    pollIntervalMs: poll * 1000,
    moveTo,
    allowUntrustedCertificate: insecureRaw === 'true',
  };
}

/** The key a mailbox is tracked by: account, server and folder, never the password. */
export function mailboxKey(imap: Pick<ImapConfig, 'user' | 'host' | 'port' | 'folder'>): string {
  return `${imap.user}@${imap.host}:${imap.port}/${imap.folder}`;
}
