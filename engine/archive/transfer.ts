/**
 * Transfer to the state archive (issue 19, part 2): the case files an approved act transfers, as one
 * ZIP package — the act (PDF and JSON), each case file's and document's metadata (JSON), the
 * attachments, `SHA256SUMS` of every file, and two check scripts that verify those hashes with
 * nothing installed but Node (`node check.mjs`) or a shell (`sh check.sh`). The first package marks
 * its case files transferred; every package handed out is in the audit trail with its SHA-256.
 */
import { createHash } from 'node:crypto';
import { auditActor, type UseCaseContext } from '../context.js';
import { Conflict, NotFound } from '../errors.js';
import { caseFileLabel } from '../records/caseFiles.js';
import { requireArchivist } from '../policies/archive.js';
import { isUuid } from '../store/ids.js';
import type { AppraisalAct, ArchiveCaseFile } from '../store/archivePorts.js';
import { actPdf } from './actPdf.js';
import { retentionEndsOn } from './retention.js';
import { type ZipEntry, zipArchive } from './zipArchive.js';

export interface TransferPackage {
  fileName: string;
  data: Buffer;
  sha256: string;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** A file or folder name that is safe on every system: letters, digits, `.`, `-`, `_`. */
const safeName = (text: string): string =>
  text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '')
    .slice(0, 80) || 'file';

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

/** Plain Node, no dependencies: verifies every line of SHA256SUMS beside it. */
export const CHECK_SCRIPT = `// Verifies this transfer package: every file listed in SHA256SUMS must have that SHA-256.
// Run with Node 18 or later: node check.mjs   (exit code 0 when every file matches)
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const lines = readFileSync(join(root, 'SHA256SUMS'), 'utf8').split('\\n').filter(Boolean);
let bad = 0;
for (const line of lines) {
  const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
  if (!match) { console.log('UNREADABLE LINE: ' + line); bad++; continue; }
  const [, expected, file] = match;
  let actual = null;
  try { actual = createHash('sha256').update(readFileSync(join(root, file))).digest('hex'); } catch { actual = null; }
  if (actual === expected) console.log('OK       ' + file);
  else { console.log((actual === null ? 'MISSING  ' : 'CHANGED  ') + file); bad++; }
}
console.log(bad === 0 ? 'All ' + lines.length + ' files match.' : bad + ' of ' + lines.length + ' files do not match.');
process.exit(bad === 0 ? 0 : 1);
`;

export const CHECK_SHELL = `#!/bin/sh
# Verifies this transfer package with the system's SHA-256 tool: sh check.sh
cd "$(dirname "$0")" || exit 2
if command -v sha256sum >/dev/null 2>&1; then sha256sum -c SHA256SUMS; else shasum -a 256 -c SHA256SUMS; fi
`;

export async function transferPackage(
  ctx: UseCaseContext,
  props: { actId: string },
): Promise<TransferPackage> {
  requireArchivist(ctx.actor);
  const act = isUuid(props.actId) ? await ctx.store.archive.getAct(props.actId) : null;
  if (!act) throw new NotFound('No such appraisal act.', 'refusal.noSuchAct');
  if (act.status !== 'approved' && act.status !== 'executed') {
    throw new Conflict(
      `The appraisal act ${act.number} is ${act.status.replace('_', ' ')}.`,
      'refusal.actState',
      { number: act.number, status: act.status.replace('_', ' ') },
    );
  }
  const items = act.items.filter((item) => item.decision === 'transfer');
  if (items.length === 0)
    throw new Conflict(`The appraisal act ${act.number} transfers no case files.`, 'refusal.actNoTransfer', {
      number: act.number,
    });

  const caseFiles = new Map<string, ArchiveCaseFile>();
  for (const item of act.items) {
    const caseFile = await ctx.store.archive.caseFile(item.caseFileId);
    if (caseFile) caseFiles.set(caseFile.id, caseFile);
  }
  const root = safeName(act.number);
  const files: ZipEntry[] = [];
  const add = (name: string, data: Buffer) => files.push({ name, data });
  const names = await peopleNames(ctx, act);
  const department = act.departmentId ? await ctx.store.departments.get(act.departmentId) : null;
  add(
    `act/${root}.pdf`,
    await actPdf({
      act,
      caseFiles,
      institutionName: ctx.settings?.institutionName ?? 'Kanceleja',
      departmentName: department?.name ?? null,
      names,
    }),
  );
  add('act/act.json', json(actJson(act, caseFiles, names)));
  for (const item of items) {
    const caseFile = caseFiles.get(item.caseFileId);
    if (!caseFile) continue;
    const folder = `case-files/${safeName(`${caseFile.indexCode}-${caseFile.year}`)}`;
    const documents = await ctx.store.archive.documentsOf(caseFile.id);
    add(
      `${folder}/case-file.json`,
      json({
        indexCode: caseFile.indexCode,
        title: caseFile.title,
        year: caseFile.year,
        retention: caseFile.retention,
        retentionYears: caseFile.retentionYears,
        retentionEndsOn: retentionEndsOn(caseFile),
        decision: item.decision,
        reason: item.reason,
        documents: documents.length,
      }),
    );
    let n = 0;
    for (const document of documents) {
      n += 1;
      const documentFolder = `${folder}/documents/${String(n).padStart(4, '0')}-${safeName(document.registrationNumber ?? 'draft')}`;
      const attachments = [];
      let i = 0;
      for (const attachment of document.attachments) {
        i += 1;
        const name = `files/${String(i).padStart(2, '0')}-${safeName(attachment.fileName)}`;
        const data = await readAll(await ctx.store.blobs.open(attachment.sha256));
        add(`${documentFolder}/${name}`, data);
        attachments.push({ ...attachment, path: name });
      }
      add(
        `${documentFolder}/document.json`,
        json({
          registrationNumber: document.registrationNumber,
          registeredOn: document.registeredOn,
          register: document.registerCode,
          subject: document.subject,
          documentKind: document.documentKind,
          status: document.status,
          confidentiality: document.confidentiality,
          correspondent: document.correspondentName,
          theirNumber: document.theirNumber,
          theirDate: document.theirDate,
          text: document.body,
          caseFile: caseFileLabel(caseFile),
          retentionEndsOn: retentionEndsOn(caseFile),
          destroyedAt: document.destroyedAt?.toISOString() ?? null,
          attachments,
        }),
      );
    }
  }
  const sums = files.map((file) => `${sha256(file.data)}  ${file.name}`).join('\n');
  const entries: ZipEntry[] = [
    ...files,
    { name: 'SHA256SUMS', data: Buffer.from(`${sums}\n`, 'utf8') },
    { name: 'check.mjs', data: Buffer.from(CHECK_SCRIPT, 'utf8') },
    { name: 'check.sh', data: Buffer.from(CHECK_SHELL, 'utf8') },
    {
      name: 'README.txt',
      data: Buffer.from(
        `Transfer package of appraisal act ${act.number}.\nVerify it: node check.mjs (or: sh check.sh).\n`,
        'utf8',
      ),
    },
  ].map((entry) => ({ ...entry, name: `${root}/${entry.name}` }));
  const data = zipArchive(entries, act.signedAt ?? act.preparedAt);
  const packageSha256 = sha256(data);

  await ctx.store.transaction(async (tx) => {
    const current = await tx.archive.getAct(act.id);
    if (!current) throw new NotFound('No such appraisal act.', 'refusal.noSuchAct');
    const now = ctx.clock.now();
    const first = current.transferredAt === null;
    if (first) {
      for (const item of items) {
        const caseFile = caseFiles.get(item.caseFileId);
        await tx.archive.setOutcome(item.caseFileId, act.id, 'transferred', null, now);
        await tx.audit.append({
          ...auditActor(ctx.actor),
          occurredAt: now,
          action: 'case_file.transferred',
          objectType: 'case_file',
          objectId: item.caseFileId,
          details: {
            act: act.number,
            caseFile: caseFile ? caseFileLabel(caseFile) : null,
            package: packageSha256,
          },
        });
      }
    }
    await tx.archive.updateAct(current.id, current.version, {
      packageSha256,
      ...(first ? { transferredAt: now } : {}),
      ...(current.status === 'approved' &&
      (current.disposedAt !== null || current.items.every((item) => item.decision === 'transfer'))
        ? { status: 'executed' as const }
        : {}),
    });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: 'appraisal_act.transferred',
      objectType: 'appraisal_act',
      objectId: act.id,
      details: { number: act.number, package: packageSha256, files: files.length, first },
    });
  });
  return { fileName: `${root}.zip`, data, sha256: packageSha256 };
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function peopleNames(ctx: UseCaseContext, act: AppraisalAct): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of [act.preparedBy, act.signedBy]) {
    const user = id ? await ctx.store.users.get(id) : null;
    if (user) names.set(user.id, user.displayName);
  }
  for (const [username, name] of await ctx.store.users.displayNames(act.committee)) names.set(username, name);
  return names;
}

function actJson(act: AppraisalAct, caseFiles: Map<string, ArchiveCaseFile>, names: Map<string, string>) {
  const name = (key: string | null) => (key ? (names.get(key) ?? key) : null);
  return {
    number: act.number,
    status: act.status,
    note: act.note,
    preparedBy: name(act.preparedBy),
    preparedAt: act.preparedAt.toISOString(),
    committee: act.committee.map((member) => ({
      name: name(member),
      decision: act.decisions.find((entry) => entry.username === member) ?? null,
    })),
    signedBy: name(act.signedBy),
    signedAt: act.signedAt?.toISOString() ?? null,
    items: act.items.map((item) => {
      const caseFile = caseFiles.get(item.caseFileId);
      return {
        caseFile: caseFile ? caseFileLabel(caseFile) : item.caseFileId,
        year: caseFile?.year ?? null,
        decision: item.decision,
        reason: item.reason,
        keepUntilYear: item.keepUntilYear,
      };
    }),
  };
}
