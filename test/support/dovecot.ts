/**
 * A private IMAP server for tests: Debian's dovecot with its own dovecot.conf in a temp directory,
 * one passwd-file user, maildirs in the same directory, listening on a free loopback port (plain
 * IMAP, no TLS). Started and stopped per test file, the way test/support/slapd.ts runs slapd.
 *
 * Needs Debian's `dovecot-imapd`; `dovecotSkipReason` says why it cannot run otherwise.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freeLoopbackPort } from './ports.js';

const DOVECOT = '/usr/sbin/dovecot';
const IMAP_BINARY = '/usr/lib/dovecot/imap';

/** Why IMAP tests cannot run on this machine, or null when they can. */
export const dovecotSkipReason: string | null = (() => {
  for (const file of [DOVECOT, IMAP_BINARY]) {
    if (!existsSync(file)) return `${file} is missing: apt-get install -y dovecot-imapd`;
  }
  return null;
})();

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** A connected client of the test user (for appending messages and looking at flags). */
  client(): Promise<ImapFlow>;
  /** Appends raw messages to `folder` (INBOX by default). */
  append(messages: (string | Buffer)[], folder?: string): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** The uid and gid that dovecot runs its processes and the mail user as. */
function runAs(): { user: string; uid: number; gid: number } {
  const me = userInfo();
  if (me.uid !== 0) return { user: me.username, uid: me.uid, gid: me.gid };
  // As root, dovecot refuses root for mail and login processes: use its own system user.
  const id = (flag: string) => Number(execFileSync('id', [flag, 'dovecot']).toString().trim());
  return { user: 'dovecot', uid: id('-u'), gid: id('-g') };
}

async function acceptingConnections(port: number, child: ChildProcess, deadline = Date.now() + 15_000) {
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`dovecot does not accept connections on ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts a private dovecot with one user. Call `stop()` in afterAll. */
export async function startDovecot(): Promise<Dovecot> {
  if (dovecotSkipReason) throw new Error(dovecotSkipReason);
  const dir = await mkdtemp(path.join(tmpdir(), 'kanceleja-dovecot-'));
  const mailDir = path.join(dir, 'mail');
  const runDir = path.join(dir, 'run');
  await mkdir(mailDir);
  await mkdir(runDir);
  const account = runAs();
  const user = 'registry@novads.test';
  const password = 'Pasts-parole-1';
  const port = await freeLoopbackPort();
  const passwd = path.join(dir, 'passwd');
  await writeFile(
    passwd,
    `${user}:{PLAIN}${password}:${account.uid}:${account.gid}::${path.join(mailDir, 'registry')}\n`,
  );
  const conf = path.join(dir, 'dovecot.conf');
  await writeFile(
    conf,
    [
      `base_dir = ${runDir}`,
      `state_dir = ${path.join(dir, 'state')}`,
      `instance_name = kanceleja-test-${port}`,
      'protocols = imap',
      `listen = 127.0.0.1`,
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `default_internal_user = ${account.user}`,
      `default_login_user = ${account.user}`,
      `default_internal_group = ${account.user === 'dovecot' ? 'dovecot' : String(account.gid)}`,
      `first_valid_uid = ${Math.min(account.uid, 500)}`,
      `first_valid_gid = 0`,
      `log_path = ${path.join(dir, 'dovecot.log')}`,
      'mail_location = maildir:~/Maildir',
      'service imap-login {',
      `  inet_listener imap {`,
      `    address = 127.0.0.1`,
      `    port = ${port}`,
      '  }',
      '  inet_listener imaps {',
      '    port = 0',
      '  }',
      '}',
      'service anvil {',
      '  chroot =',
      '}',
      'service imap-login {',
      '  chroot =',
      '}',
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${passwd}`,
      '}',
      'userdb {',
      '  driver = passwd-file',
      `  args = username_format=%u ${passwd}`,
      '}',
      'namespace inbox {',
      '  inbox = yes',
      '  separator = /',
      '}',
      '',
    ].join('\n'),
  );
  await mkdir(path.join(dir, 'state'));
  if (userInfo().uid === 0) {
    for (const owned of [mailDir, dir]) chownSync(owned, account.uid, account.gid);
  }
  // -F keeps the master in the foreground, so the test owns its pid.
  const child = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await acceptingConnections(port, child);
  } catch (error) {
    child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}: ${stderr.trim()}`, { cause: error });
  }

  const client = async () => {
    const imap = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
      disableAutoIdle: true,
    });
    await imap.connect();
    return imap;
  };

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    client,
    async append(messages, folder = 'INBOX') {
      const imap = await client();
      try {
        for (const message of messages) await imap.append(folder, message);
      } finally {
        await imap.logout();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
