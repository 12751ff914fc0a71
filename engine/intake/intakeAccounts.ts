/**
 * The intake mailboxes an administrator configures (issue 17, part 2), read besides the one of
 * IMAP_URL by the intake loop (startIntakePoller.ts): add one (address, server, folder, account and
 * password), stop reading one, read it again. The password is stored for the poller and never given
 * back: the listing has none.
 */
import { auditActor, type UseCaseContext } from '../context.js';
import { Problems } from '../kernel/problems.js';
import { requireRole } from '../policies/roles.js';
import type { IntakeAccount } from '../store/intakeAccountPorts.js';
import { mailboxKey } from './intakeConfig.js';

export interface NewMailboxProps {
  /** The address people write to. */
  address: string;
  host: string;
  /** Text as typed; default 993 for imaps, 143 for imap. */
  port: string;
  security: string;
  user: string;
  password: string;
  /** Default INBOX. */
  folder: string;
  /** Empty: taken messages stay, flagged. */
  moveTo: string;
}

export const MAILBOX_SECURITY = ['imaps', 'imap'] as const;

// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const FOLDER = /^[^\u0000-\u001f\u007f]{1,255}$/;
const HOST = /^[A-Za-z0-9.-]{1,253}$|^\[?[0-9A-Fa-f:.]{2,45}\]?$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function requireAdmin(ctx: UseCaseContext): void {
  requireRole(ctx.actor, ['admin'], 'configure intake mailboxes');
}

export async function listIntakeAccounts(ctx: UseCaseContext): Promise<IntakeAccount[]> {
  requireAdmin(ctx);
  return ctx.store.intakeAccounts.list();
}

/** Adds a mailbox to read; refuses (Invalid, every problem at once) what cannot be read. */
export async function addIntakeAccount(ctx: UseCaseContext, props: NewMailboxProps): Promise<IntakeAccount> {
  requireAdmin(ctx);
  const problems = new Problems();
  const address = problems.text('address', props.address, 254);
  if (address !== '' && !EMAIL.test(address))
    problems.add('address', 'is not an e-mail address', 'problem.email');
  const host = problems.text('host', props.host, 253);
  if (host !== '' && !HOST.test(host)) problems.add('host', 'is not a server name', 'problem.serverName');
  const security = problems.oneOf('security', props.security, MAILBOX_SECURITY) ?? 'imaps';
  const portText = props.port.trim();
  const port = portText === '' ? (security === 'imaps' ? 993 : 143) : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    problems.add('port', 'must be a whole number from 1 to 65535', 'problem.port');
  }
  const user = problems.text('user', props.user, 254);
  const password = props.password;
  if (password === '') problems.add('password', 'is required', 'problem.required');
  else if (password.length > 1000) {
    problems.add('password', 'may be at most 1000 characters long', 'problem.tooLong', { max: 1000 });
  }
  const folder = props.folder.trim() || 'INBOX';
  if (!FOLDER.test(folder)) problems.add('folder', 'is not a folder name', 'problem.folderName');
  const moveTo = props.moveTo.trim() || null;
  if (moveTo !== null && (!FOLDER.test(moveTo) || moveTo === folder)) {
    problems.add('moveTo', 'is not another folder name', 'problem.moveToFolder');
  }
  problems.check('The mailbox cannot be added.', 'refusal.mailboxRefused');
  const now = ctx.clock.now();
  const account = await ctx.store.intakeAccounts.insert(
    {
      address,
      host: host.replace(/^\[(.*)\]$/, '$1'),
      port,
      secure: security === 'imaps',
      user,
      password,
      folder,
      moveTo,
    },
    now,
  );
  await auditMailbox(ctx, account, 'intake.mailbox_added');
  return account;
}

/** Stops reading a mailbox (what was taken from it stays), or reads it again from where it was. */
export async function setIntakeAccountActive(
  ctx: UseCaseContext,
  props: { id: string; active: boolean },
): Promise<IntakeAccount> {
  requireAdmin(ctx);
  const account = await ctx.store.intakeAccounts.setActive(props.id, props.active, ctx.clock.now());
  await auditMailbox(ctx, account, props.active ? 'intake.mailbox_enabled' : 'intake.mailbox_disabled');
  return account;
}

async function auditMailbox(ctx: UseCaseContext, account: IntakeAccount, action: string): Promise<void> {
  await ctx.store.audit.append({
    ...auditActor(ctx.actor),
    occurredAt: ctx.clock.now(),
    action,
    objectType: 'intake_account',
    objectId: account.id,
    details: { address: account.address, mailbox: mailboxKey(account) },
  });
}
