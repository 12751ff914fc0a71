/**
 * Channels (issue 17): portal submissions per second with registration (the application numbered,
 * its card made, the citizen-application process started, the mail queued), with one citizen at a
 * time and with PARALLELISM at once (p95 latency), and e-mail intake throughput: messages with a PDF
 * attachment read by mailparser, their files through the attachment pipeline (type sniffing,
 * archive limits, SHA-256, text), kept as intake items with the sender matched. The intake figure
 * leaves out the IMAP transfer (the test's dovecot is not a mail server's speed); targets:
 * ≥ 50 submissions/s and p95 ≤ 300 ms at 8 concurrent on PostgreSQL, 1,000 messages ≤ 60 s.
 */
import { actorFromUser, systemClock } from '../../engine/context.js';
import { readMessage } from '../../engine/intake/readMessage.js';
import { saveEService } from '../../engine/portal/eServices.js';
import { submitApplication, type PortalLimits } from '../../engine/portal/submitApplication.js';
import { deployShippedProcesses } from '../../engine/workflow/deployment/deployShippedProcesses.js';
import { rawMessage } from '../intake/messages.js';
import { samplePdf } from '../support/samplePdf.js';
import { createTestStore, storeAdapters } from '../support/storeAdapters.js';
import { TestClock } from '../support/workflow.js';
import type { Report } from './run.js';

const SUBMISSIONS = 200;
const PARALLELISM = 8;
const MESSAGES = 1000;
const LIMITS: PortalLimits = {
  perAddressPerHour: 1_000_000,
  perEmailPerDay: 1_000_000,
  maxFiles: 5,
  maxFileBytes: 10 * 1024 * 1024,
};

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export default async function run(report: Report): Promise<void> {
  for (const adapter of storeAdapters) {
    if (adapter.skipReason) {
      process.stdout.write(`bench:channels.${adapter.name} skipped: ${adapter.skipReason}\n`);
      continue;
    }
    const { store, dispose } = await createTestStore(adapter, { poolSize: PARALLELISM + 2 });
    try {
      const clock = new TestClock('2026-03-02T08:00:00.000Z');
      await deployShippedProcesses({ store, clock });
      const register = await store.registers.insert({
        code: 'IES',
        name: 'Iesniegumi',
        kind: 'application',
        numberPattern: 'IES-{yyyy}/{seq}',
        processKey: 'citizen-application',
        answerDeadlineRule: 'P1M',
      });
      const admin = actorFromUser(
        await store.users.insert({
          username: 'admin',
          displayName: 'Admin',
          roles: ['admin'],
          source: 'local',
        }),
      );
      await saveEService(
        { store, clock: systemClock, actor: admin },
        {
          code: 'iesniegums',
          names: { lv: 'Iesniegums', en: 'Application', ru: 'Заявление' },
          descriptions: {},
          registerId: register.id,
          formSchema: '',
          attachmentsAllowed: true,
          enabled: true,
        },
      );
      let citizen = 0;
      const submitOne = async (): Promise<number> => {
        citizen += 1;
        const email = `iedzivotajs${citizen}@example.lv`;
        const started = performance.now();
        await submitApplication(
          { store, clock },
          {
            serviceCode: 'iesniegums',
            language: 'lv',
            name: `Iedzīvotājs ${citizen}`,
            email,
            emailAgain: email,
            fields: {},
            files: [],
            address: `192.0.2.${citizen % 250}`,
          },
          LIMITS,
        );
        return performance.now() - started;
      };

      const name = `channels.${adapter.name}`;
      let started = performance.now();
      for (let i = 0; i < SUBMISSIONS; i++) await submitOne();
      report(
        `${name}.portal.sequential`,
        SUBMISSIONS / ((performance.now() - started) / 1000),
        'submissions/s',
      );

      const latencies: number[] = [];
      started = performance.now();
      await Promise.all(
        Array.from({ length: PARALLELISM }, async () => {
          for (let i = 0; i < SUBMISSIONS / PARALLELISM; i++) latencies.push(await submitOne());
        }),
      );
      report(
        `${name}.portal.concurrent${PARALLELISM}`,
        SUBMISSIONS / ((performance.now() - started) / 1000),
        'submissions/s',
      );
      latencies.sort((a, b) => a - b);
      report(`${name}.portal.concurrent${PARALLELISM}.p95`, percentile(latencies, 95), 'ms');

      const pdf = await samplePdf(['Iesniegums par koku ciršanu', 'Kalnu ielā 5']);
      const sources = Array.from({ length: MESSAGES }, (_, i) =>
        Buffer.from(
          rawMessage({
            from: `"Sūtītājs ${i}" <sutitajs${i % 50}@example.lv>`,
            subject: `Iesniegums ${i}`,
            messageId: `<bench-${i}@example.lv>`,
            files: [{ name: `pielikums-${i}.pdf`, type: 'application/pdf', content: pdf }],
          }),
        ),
      );
      started = performance.now();
      for (const [index, source] of sources.entries()) {
        const item = await readMessage(
          source,
          { mailbox: 'bench@novads.test/INBOX', uidValidity: 1, uid: index + 1, receivedAt: clock.now() },
          { store, maxAttachmentBytes: 10 * 1024 * 1024 },
        );
        const [correspondentId] = item.fromAddress
          ? await store.intake.correspondentIdsByEmail(item.fromAddress)
          : [];
        await store.intake.insert({ ...item, correspondentId: correspondentId ?? null });
      }
      const seconds = (performance.now() - started) / 1000;
      report(`${name}.intake`, MESSAGES / seconds, 'messages/s');
      report(`${name}.intake.${MESSAGES}-messages`, seconds, 's');
    } finally {
      await dispose();
    }
  }
}
