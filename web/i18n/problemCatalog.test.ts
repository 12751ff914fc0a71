import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogEntry, messageTranslator, PROBLEM_CATALOG } from './problemCatalog.js';
import { translator } from './translate.js';

const RECORDS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../engine/records');

/** One message of each pattern, as the engine writes it, with the id it must get. */
const SAMPLES: readonly (readonly [string, string])[] = [
  ['the two e-mail addresses differ', 'problem.emailsDiffer'],
  ['is not a personal code (DDMMYY-NNNNN)', 'problem.personalCode'],
  ['is not a phone number', 'problem.phone'],
  ['this e-service takes no files', 'problem.noFilesTaken'],
  ['at most 5 files', 'problem.atMostFiles'],
  ['plans.pdf: larger than 10 MB', 'problem.fileTooLarge'],
  ['may have lower-case letters, digits and -, at most 50', 'problem.eServiceCode'],
  ['a public form cannot ask "files" (taglist)', 'problem.publicFormField'],
  ['is not JSON', 'problem.notJson'],
  ['The application cannot be registered.', 'refusal.applicationRefused'],
  ['The application was not accepted.', 'refusal.applicationNotAccepted'],
  ['This e-service is not available.', 'refusal.eServiceUnavailable'],
  ['This tracking link is not known or no longer valid.', 'refusal.trackingUnknown'],
  ['The e-service cannot be saved.', 'refusal.eServiceRefused'],
  ['This document has no live tracking link.', 'refusal.noLiveTracking'],
  ['must be a number', 'problem.notNumber'],
  ['the department SOC has no department head to receive the order', 'problem.departmentWithoutHead'],
  ['an application needs its applicant: choose a card or describe a new one', 'problem.applicantRequired'],
  [
    'The answer NOS/2025/1 is not dispatched yet: dispatch it, or record it as handed over, before the application can be closed.',
    'problem.answerNotDispatched',
  ],
  ['must be at least 1', 'problem.numberAtLeast'],
  ['must be at most 1000', 'problem.numberAtMost'],
  ['must be true or false', 'problem.notBoolean'],
  ['not a choice: passport', 'problem.notChoice'],
  ['is required', 'problem.required'],
  ['may be at most 300 characters long', 'problem.tooLong'],
  ['"2025-02-30" is not a date (YYYY-MM-DD)', 'problem.notDate'],
  ['contains a NUL character', 'problem.nulCharacter'],
  ['is not valid Unicode text', 'problem.invalidUnicode'],
  ['is not valid percent-encoded UTF-8', 'problem.badEscape'],
  ['must be a whole number written in digits', 'problem.digitsOnly'],
  ['must not be after "to"', 'problem.notAfter'],
  ['names nothing to change: send at least one of name, active', 'problem.nothingToChange'],
  ['no such register', 'problem.noRegister'],
  ['no such outgoing register', 'problem.noOutgoingRegister'],
  ['no such correspondent', 'problem.noCorrespondent'],
  ['no such document: 7d1c', 'problem.noDocument'],
  ['no such user: jbriedis', 'problem.noUser'],
  ['no such department', 'problem.noDepartment'],
  ['no such department: FIN', 'problem.noDepartmentCode'],
  ['is not a department id', 'problem.notDepartmentId'],
  ['is not an id', 'problem.notId'],
  ['no such case file', 'problem.noCaseFile'],
  ['the case file is of 2025, the document of 2026', 'problem.caseFileYears'],
  ['the case file is of 2025', 'problem.caseFileYear'],
  ['the task has no document to file', 'problem.noDocumentToFile'],
  ['choose an existing card or describe a new one, not both', 'problem.cardOrNew'],
  ['name the addressee', 'problem.addresseeNeeded'],
  ['the addressee has no e-mail address', 'problem.addresseeNoEmail'],
  ['name at least one approver', 'problem.approverNeeded'],
  ['say what the author should change', 'problem.sayWhatToChange'],
  ['no such file of this draft: 7d1c', 'problem.noDraftFile'],
  ['change the draft or say why it stands as it is', 'problem.changeOrSay'],
  ['is before today (2026-03-02)', 'problem.beforeToday'],
  ['name at least one executor', 'problem.executorNeeded'],
  ['must be one of the executors', 'problem.responsibleAmongExecutors'],
  ['name at least one department', 'problem.departmentNeeded'],
  ['is not given for permanent files', 'problem.retentionPermanent'],
  ['must be 1 to 10 years for short-term files', 'problem.retentionShort'],
  ['must be more than 10 years for long-term files', 'problem.retentionLong'],
  ['is not a year', 'problem.notYear'],
  ['may hold letters, digits, dot, dash and underscore', 'problem.registerCode'],
  ['must be from 1 to 500', 'problem.limit'],
  ['must be 0 or more', 'problem.zeroOrMore'],
  ['must be a whole number, 0 or more', 'problem.wholeNumber'],
  ['must be after the current deadline 2026-04-01', 'problem.afterCurrentDeadline'],
  ['is not an e-mail address', 'problem.email'],
  ['names someone who does not exist', 'problem.readerUnknown'],
  ['named readers are for restricted documents', 'problem.readersRestricted'],
  ['is before the registration date 2026-03-02', 'problem.beforeRegistration'],
  ['is required when the due date differs from the rule (2026-04-01)', 'problem.reasonForDueDate'],
  ['not a resolution task', 'problem.notFormTask'],
  ['is not an order', 'problem.notOrder'],
  ['no registered outgoing letter 2-5/12 answers this application', 'problem.noAnswerLetter'],
  ['run.exe: programs and scripts are not accepted', 'problem.programFile'],
  ['scan.pdf: the file is empty', 'problem.emptyFile'],
  ['unknown token {x}; use {seq}, {seq:4}, {yyyy}, {yy}, {register}, {dept}', 'problem.patternUnknownToken'],
  ['must contain {seq} (or {seq:N}) exactly once', 'problem.patternSeqOnce'],
  ['{seq:N}: N may be at most 10', 'problem.patternWidth'],
  ['only {seq} takes a width', 'problem.patternWidthOnlySeq'],
  ['{dept} needs the register to belong to a department', 'problem.patternDept'],
  ['has a brace that is not part of a token', 'problem.patternBrace'],
  [
    '"30" is not a deadline: write P30D (days), P2W (weeks), P1M (months), P1Y or P15WD (working days)',
    'problem.deadlineRule',
  ],
  ['no such register: NOPE', 'problem.noRegisterCode'],
  ['is not a known field', 'problem.unknownField'],
  ['give registerId or register', 'problem.registerOrId'],
  ['must be the document as JSON', 'problem.documentAsJson'],
  ['send exactly one file', 'problem.exactlyOneFile'],
  ['must be one of person, organisation', 'problem.oneOf'],
  ['The document cannot be registered.', 'refusal.registerDocument'],
  ['The draft cannot be created.', 'refusal.createDraft'],
  ['The approval cannot be given.', 'refusal.approve'],
  ['The letter cannot be signed.', 'refusal.sign'],
  ['The draft cannot be revised.', 'refusal.reviseDraft'],
  ['The letter cannot be dispatched.', 'refusal.dispatch'],
  ['The resolution cannot be given.', 'refusal.resolution'],
  ['The order cannot be given.', 'refusal.order'],
  ['no such order register', 'problem.noOrderRegister'],
  ['choose the order register', 'problem.chooseOrderRegister'],
  ["only an order's department task is handed to several executors", 'problem.severalOnlyOrders'],
  ['not a colleague of your department: registrar', 'problem.notColleague'],
  [
    'numbers that restart each year need the year in the pattern: {yyyy} or {yy}',
    'problem.yearlyResetNeedsYear',
  ],
  ['Only a department head hands a task on to colleagues of the department.', 'refusal.delegateWho'],
  ['the process order-co-execution is not deployed', 'problem.processNotDeployed'],
  ['The order cannot be drafted.', 'refusal.orderDraft'],
  ['The dashboard cannot be shown for this period.', 'refusal.dashboardPeriod'],
  ['is before the start date', 'problem.beforeFrom'],
  ['Only a head issues orders.', 'refusal.headIssuesOrders'],
  ['Only heads, department heads and auditors may open the dashboard.', 'refusal.dashboard'],
  ['A department head sees the dashboard of their own department only.', 'refusal.dashboardDepartment'],
  ['The order process of Rīkojumi has no task that issues the order.', 'refusal.orderNoIssueTask'],
  ['The task cannot be handed on.', 'refusal.handOn'],
  [
    'The process "order-co-execution" is not deployed; ask a process designer.',
    'refusal.processKeyNotDeployed',
  ],
  ['The case file cannot be created.', 'refusal.createCaseFile'],
  ['The case file cannot be changed.', 'refusal.changeCaseFile'],
  ['The document cannot be filed there.', 'refusal.fileDocument'],
  ['The document cannot be reopened.', 'refusal.cannotReopen'],
  [
    'Document 3-12/2026/7 is closed: a registrar or a head may reopen it, with a reason.',
    'refusal.documentClosed',
  ],
  ['Document 3-12/2026/7 is not closed.', 'refusal.documentNotClosed'],
  ['Only a registrar or a head may reopen a document.', 'refusal.reopenOnly'],
  ['Only a registrar or a head may change a document’s priority.', 'refusal.priorityOnly'],
  ['The priority cannot be changed.', 'refusal.cannotSetPriority'],
  ['The document was changed by someone else; reload it and try again.', 'refusal.documentChangedReload'],
  ['The register cannot be created.', 'refusal.createRegister'],
  ['The register cannot be changed.', 'refusal.changeRegister'],
  ['The search cannot be run.', 'refusal.search'],
  ['The correspondent card cannot be created.', 'refusal.createCorrespondent'],
  ['The application cannot be reported as answered.', 'refusal.answered'],
  [
    'The server printing this report stopped before it was finished; print it again.',
    'reports.job.serverStopped',
  ],
  ['The deadline cannot be extended.', 'refusal.extend'],
  ['The number pattern cannot be used.', 'refusal.numberPattern'],
  ['The answer deadline rule cannot be used.', 'refusal.deadlineRule'],
  ['The comment is empty.', 'refusal.commentEmpty'],
  ['The comment is longer than 4000 characters.', 'refusal.commentTooLong'],
  ['The file has no name.', 'refusal.noFileName'],
  ['"run.exe" is a program or script; such files are not accepted.', 'refusal.programFile'],
  ['"scan.pdf" is empty.', 'refusal.emptyFile'],
  ['The file is larger than 25 MB.', 'refusal.fileTooLarge'],
  ['No such document.', 'refusal.noSuchDocument'],
  ['No such task.', 'refusal.noSuchTask'],
  ['No such register.', 'refusal.noSuchRegister'],
  ['No such correspondent.', 'refusal.noSuchCorrespondent'],
  ['You may not do this.', 'refusal.forbidden'],
  ['You may not register documents in Iesniegumi.', 'refusal.registerIn'],
  ['You may not file documents into cases.', 'refusal.fileIntoCases'],
  ['You may not draft outgoing letters.', 'refusal.draftLetters'],
  ['You may not add attachments.', 'refusal.addAttachments'],
  ['Documents are registered by people.', 'refusal.registeredByPeople'],
  ['Only the responsible executor or a head may extend the deadline.', 'refusal.extendWho'],
  ['Only the head signs outgoing letters.', 'refusal.headSigns'],
  ['Only head, dept_head or admin may reassign a task.', 'refusal.reassign'],
  [
    'The deadline of this application was extended already; it may be extended once.',
    'refusal.extendedAlready',
  ],
  [
    'The deadline can be extended only while the application is being executed.',
    'refusal.extendWhileExecuted',
  ],
  [
    'There is no active outgoing register to number the notice to the applicant in; ask an administrator to create one.',
    'refusal.noNoticeRegister',
  ],
  ['The letter has its number 2-5/12 already.', 'refusal.letterNumbered'],
  ['An unsigned draft cannot be dispatched.', 'refusal.unsignedDispatch'],
  ['document 7d1c was changed by someone else; reload it and try again', 'refusal.documentChanged'],
  [
    'The routing process "incoming" of Iesniegumi is not deployed; ask a process designer.',
    'refusal.processNotDeployed',
  ],
  ['Task Review does not take a resolution form.', 'refusal.taskForm'],
  ['Task Review does not take a resolution.', 'refusal.taskFormKey'],
  ['task 91 is already claimed by jbriedis', 'refusal.taskClaimedBy'],
  ['task 91 is not claimed', 'refusal.taskNotClaimed'],
  ['task 91 is already yours', 'refusal.taskYours'],
  ['task 91 is completed, not open', 'refusal.taskNotOpen'],
  ['task 91 was assigned to someone else in the meantime; reload it', 'refusal.taskReassigned'],
  ['task 91 is with jbriedis; only they or a head of its department may give it back', 'refusal.taskRelease'],
  [
    'task 91 was given to jbriedis by its process; reassign it instead of giving it back',
    'refusal.taskGiveBack',
  ],
  ['task 91 has no candidates: it cannot be left without an assignee', 'refusal.taskNoCandidates'],
  ['task 91 is not offered to you', 'refusal.taskNotOffered'],
  ['the process no longer waits for task 91', 'refusal.processNoLongerWaits'],
  ['No such attachment.', 'refusal.noSuchAttachment'],
  ['No such case file.', 'refusal.noSuchCaseFile'],
  ['unknown token {x1} in the number pattern', 'refusal.unknownToken'],
  [
    'The routing process of Nosūtītie is not deployed; ask a process designer to deploy "outgoing-letter".',
    'refusal.outgoingNotDeployed',
  ],
  ['The system does not read documents for itself.', 'refusal.systemReads'],
  ['The system sends no files.', 'refusal.systemSendsFiles'],
  ['setDocumentStatus needs an instance whose business key is a document id', 'incident.statusNeedsDocument'],
  ['document x1 not found', 'incident.documentNotFound'],
  [
    'Only a registrar or a head may start a process on a document (the author on their own draft).',
    'refusal.routeDocument',
  ],
  ['Only a registrar or a head may send a message to a process on a document.', 'refusal.messageDocument'],
  ['The message "deadlineExtended" is sent only by the system itself.', 'refusal.systemMessage'],
  ['may be at most 30 days from today', 'problem.guestMaxDays'],
  ['This sign-in link is not known.', 'refusal.guestLinkUnknown'],
  ['This sign-in link was used already; ask for a new one.', 'refusal.guestLinkUsed'],
  ['This sign-in link has expired; ask for a new one.', 'refusal.guestLinkExpired'],
  ['The invitation was revoked.', 'refusal.guestRevoked'],
  ['The invitation has expired.', 'refusal.guestExpired'],
  ['Only a head who holds the task may invite guests to it.', 'refusal.guestInviteWho'],
  ['Only the inviter or an administrator may change an invitation.', 'refusal.guestManageWho'],
  ['The server has no public address (PUBLIC_URL): a guest link cannot be sent.', 'refusal.guestNoPublicUrl'],
  ['The invitation is revoked or expired; invite the guest again.', 'refusal.guestInvitationOver'],
  ['The task is finished; the guest can no longer answer.', 'refusal.guestTaskFinished'],
  ['The guest cannot be invited.', 'refusal.guestCannotInvite'],
  ['The answer cannot be sent.', 'refusal.guestAnswerRefused'],
  ['No such invitation.', 'refusal.noSuchInvitation'],
  ['The invitation is already revoked.', 'refusal.invitationRevokedAlready'],
  ['Only a registrar may work with incoming e-mail.', 'refusal.intakeClerk'],
  ['No such intake item.', 'refusal.noSuchIntakeItem'],
  ['The message was already dealt with.', 'refusal.intakeDecided'],
  ['the message was already dealt with', 'problem.intakeDecided'],
  ['No document has this registration number.', 'refusal.noDocumentWithNumber'],
  ['no document you may see has this number', 'problem.noDocumentWithNumber'],
  ['The reason is too long.', 'refusal.reasonTooLong'],
  ['No such file.', 'refusal.noSuchIntakeFile'],
  ['Only the registry keeps the archive.', 'refusal.archivist'],
  ['You may not open the archive.', 'refusal.archiveReader'],
  ['Only a head signs appraisal acts.', 'refusal.headSignsActs'],
  ['No such appraisal act.', 'refusal.noSuchAct'],
  ['The appraisal act AA-2026-1 was carried out already.', 'refusal.actCarriedOut'],
  ['The appraisal act AA-2026-1 transfers no case files.', 'refusal.actNoTransfer'],
  ['The appraisal act AA-2026-1 is in approval.', 'refusal.actState'],
  ['appraisal act 91 was changed by someone else; reload it and try again', 'refusal.actChanged'],
  ['The case file 1-5 Sarakste is under a legal hold: it is not destroyed.', 'refusal.caseFileHeld'],
  ['The case file was destroyed already.', 'refusal.caseFileDestroyed'],
  ['The case file is not under a legal hold.', 'refusal.caseFileNotHeld'],
  ['The legal hold cannot be set.', 'refusal.holdNotSet'],
  ['The legal hold cannot be lifted.', 'refusal.holdNotLifted'],
  ['The appraisal act cannot be prepared.', 'refusal.actNotPrepared'],
  ['The decision cannot be given.', 'refusal.actDecision'],
  ['The act cannot be signed.', 'refusal.actNotSigned'],
  ['The act cannot be reworked.', 'refusal.actNotReworked'],
  ['name three different committee members', 'problem.threeMembers'],
  ['choose at least one case file', 'problem.chooseCaseFile'],
  ['the case file is under a legal hold', 'problem.caseFileHeld'],
  ['the case file is not due for appraisal', 'problem.caseFileNotDue'],
  ['must be a year after 2026', 'problem.yearAfter'],
  ['say why the act should change', 'problem.sayWhyAct'],
  ['Only an administrator may create registers.', 'refusal.adminOnly'],
  ['You may not read the register.', 'refusal.notAllowed'],
];

/** Their value is English text of the use case, which the translations leave out. */
const LEAVE_OUT_VALUES = new Set(['refusal.adminOnly', 'refusal.notAllowed']);

/** A value for a template's `${expr}`, of the kind the expression suggests. */
const sampleValue = (expr: string): string =>
  /year|slice\(0, 4\)/i.test(expr)
    ? '2026'
    : /registeredOn|today|previous|Due|date/i.test(expr)
      ? '2026-03-02'
      : /max|LENGTH/i.test(expr)
        ? '100'
        : 'x1';

/** The string or template literal that starts at `start`, its `${…}` filled with sample values. */
function readLiteral(source: string, start: number): string | null {
  const quote = source[start];
  if (quote !== "'" && quote !== '"' && quote !== '`') return null;
  let text = '';
  for (let i = start + 1; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      text += source[++i];
    } else if (char === quote) {
      return text;
    } else if (quote === '`' && char === '$' && source[i + 1] === '{') {
      let depth = 1;
      let j = i + 2;
      while (depth > 0 && j < source.length) {
        if (source[j] === '{') depth++;
        if (source[j] === '}') depth--;
        j++;
      }
      text += sampleValue(source.slice(i + 2, j - 1));
      i = j - 1;
    } else {
      text += char;
    }
  }
  return null;
}

/** The index just after the first top-level comma from `start` (skipping literals and brackets). */
function afterTopLevelComma(source: string, start: number): number | null {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const char = source[i] ?? '';
    if (char === "'" || char === '"' || char === '`') {
      const literal = readLiteral(source, i);
      if (literal === null) return null;
      // Skip to the closing quote: find it by re-scanning (literal length differs with `${}`).
      let j = i + 1;
      while (j < source.length && !(source[j] === char && source[j - 1] !== '\\')) j++;
      i = j;
    } else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) {
      if (depth === 0) return null;
      depth--;
    } else if (char === ',' && depth === 0) return i + 1;
  }
  return null;
}

/** Every literal message of engine/records: problems.add(…), `message:` fields, refusals. */
function engineMessages(): { file: string; message: string }[] {
  const found: { file: string; message: string }[] = [];
  const files = readdirSync(RECORDS, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
  );
  for (const file of files) {
    const source = readFileSync(path.join(RECORDS, file), 'utf8');
    const add = (start: number) => {
      const literal = readLiteral(source, start);
      if (literal !== null) found.push({ file, message: literal });
    };
    for (const match of source.matchAll(/(?:problems|this)\.add\(\s*/g)) {
      const second = afterTopLevelComma(source, match.index + match[0].length);
      if (second !== null) add(second + (/^\s*/.exec(source.slice(second))?.[0].length ?? 0));
    }
    for (const match of source.matchAll(
      /(?:\bmessage:\s*|\.check\(\s*|REFUSED = |new (?:Invalid|Conflict|Forbidden|NotFound|TooLarge)\(\s*)/g,
    )) {
      add(match.index + match[0].length);
    }
  }
  return found;
}

describe('the catalog of the use cases’ messages', () => {
  it('gives each pattern in Latvian and Russian, and in English as the engine wrote it', () => {
    const ids = new Set(PROBLEM_CATALOG.map(([, id]) => id));
    expect(new Set(SAMPLES.map(([, id]) => id))).toEqual(ids);
    for (const [sample, id] of SAMPLES) {
      const entry = catalogEntry(sample);
      expect({ sample, id: entry?.id }).toEqual({ sample, id });
      const values = Object.values(entry?.values ?? {});
      for (const language of ['lv', 'ru'] as const) {
        const text = messageTranslator(language)(sample);
        expect({ sample, language, same: text === sample }).toEqual({ sample, language, same: false });
        // Every captured value reaches the translation; no placeholder of ours is left unfilled.
        if (!LEAVE_OUT_VALUES.has(id)) for (const value of values) expect(text).toContain(value);
        for (const name of Object.keys(entry?.values ?? {})) expect(text).not.toContain(`{${name}}`);
      }
      if (id !== 'problem.required') expect(messageTranslator('en')(sample)).toBe(sample);
    }
  });

  it('fills values into the message', () => {
    expect(messageTranslator('lv')('is before the registration date 2026-03-02')).toBe(
      'ir agrāks par reģistrācijas datumu 2026-03-02',
    );
    expect(messageTranslator('ru')('the case file is of 2025')).toBe('дело относится к 2025 году');
    expect(messageTranslator('lv')('is required')).toBe(translator('lv')('problem.required'));
  });

  it('passes a message it does not know through unchanged', () => {
    expect(messageTranslator('lv')('the moon is made of cheese')).toBe('the moon is made of cheese');
    expect(messageTranslator('ru')('')).toBe('');
  });

  it('has a pattern for every literal message of engine/records', () => {
    const messages = engineMessages();
    // The scan itself must find the messages, or this test would pass on nothing.
    expect(messages.length).toBeGreaterThan(60);
    expect(messages.map(({ message }) => message)).toEqual(
      expect.arrayContaining(['no such register', 'is before the registration date 2026-03-02']),
    );
    const missing = messages.filter(({ message }) => catalogEntry(message) === null);
    expect(missing).toEqual([]);
  });
});
