/**
 * The use cases write their messages in English, often with a value inside (`is before the
 * registration date 2026-03-02`); the engine's tests assert those texts, so they stay as they are.
 * This catalog recognises them here, at the edge, and gives them in the user's language: each
 * pattern names a message id, and its named groups fill the message's placeholders. A message no
 * pattern matches is shown as the use case wrote it.
 *
 * Order matters where patterns overlap: the first match wins (`must be one of the executors`
 * before `must be one of {values}`). problemCatalog.test.ts checks that every literal message
 * of engine/records has a pattern.
 */
import type { Language, MessageId, Translate } from './translate.js';
import { translator } from './translate.js';

export const PROBLEM_CATALOG: readonly (readonly [RegExp, MessageId])[] = [
  [/^(?:is )?required$/, 'problem.required'],
  [/^contains a NUL character$/, 'problem.nulCharacter'],
  [/^is not valid Unicode text$/, 'problem.invalidUnicode'],
  [/^is not valid percent-encoded UTF-8$/, 'problem.badEscape'],
  [/^must be a whole number written in digits$/, 'problem.digitsOnly'],
  [/^must not be after "(?<other>[^"]+)"$/, 'problem.notAfter'],
  [/^may be at most (?<max>\d+) characters long$/, 'problem.tooLong'],
  [/^must be a number$/, 'problem.notNumber'],
  [
    /^the department (?<code>.+) has no department head to receive the order$/,
    'problem.departmentWithoutHead',
  ],
  [/^an application needs its applicant: choose a card or describe a new one$/, 'problem.applicantRequired'],
  [
    /^The answer (?<number>.+) is not dispatched yet: dispatch it, or record it as handed over, before the application can be closed\.$/,
    'problem.answerNotDispatched',
  ],
  [/^must be at least (?<min>-?[\d.e+-]+)$/, 'problem.numberAtLeast'],
  [/^must be at most (?<max>-?[\d.e+-]+)$/, 'problem.numberAtMost'],
  [/^must be true or false$/, 'problem.notBoolean'],
  [/^not a choice: (?<value>.+)$/, 'problem.notChoice'],
  [/^"(?<value>.*)" is not a date \(YYYY-MM-DD\)$/, 'problem.notDate'],
  [/^no such register$/, 'problem.noRegister'],
  [/^no such outgoing register$/, 'problem.noOutgoingRegister'],
  [/^no such correspondent$/, 'problem.noCorrespondent'],
  [/^no such document: (?<id>.+)$/, 'problem.noDocument'],
  [/^no such user: (?<username>.+)$/, 'problem.noUser'],
  [/^no such department$/, 'problem.noDepartment'],
  [/^no such department: (?<code>.+)$/, 'problem.noDepartmentCode'],
  [/^is not a department id$/, 'problem.notDepartmentId'],
  [/^is not an id$/, 'problem.notId'],
  [/^no such case file$/, 'problem.noCaseFile'],
  [
    /^the case file is of (?<fileYear>\d{4}), the document of (?<documentYear>\d{4})$/,
    'problem.caseFileYears',
  ],
  [/^the case file is of (?<year>\d{4})$/, 'problem.caseFileYear'],
  [/^the task has no document to file$/, 'problem.noDocumentToFile'],
  [/^choose an existing card or describe a new one, not both$/, 'problem.cardOrNew'],
  [/^name the addressee$/, 'problem.addresseeNeeded'],
  [/^name at least one approver$/, 'problem.approverNeeded'],
  [/^say what the author should change$/, 'problem.sayWhatToChange'],
  [/^no such file of this draft: (?<id>.+)$/, 'problem.noDraftFile'],
  [/^change the draft or say why it stands as it is$/, 'problem.changeOrSay'],
  [/^is before today \((?<date>\d{4}-\d{2}-\d{2})\)$/, 'problem.beforeToday'],
  [/^name at least one executor$/, 'problem.executorNeeded'],
  [/^must be one of the executors$/, 'problem.responsibleAmongExecutors'],
  [/^name at least one department$/, 'problem.departmentNeeded'],
  [/^is not given for permanent files$/, 'problem.retentionPermanent'],
  [/^must be 1 to 10 years for short-term files$/, 'problem.retentionShort'],
  [/^must be more than 10 years for long-term files$/, 'problem.retentionLong'],
  [/^is not a year$/, 'problem.notYear'],
  [/^may hold letters, digits, dot, dash and underscore$/, 'problem.registerCode'],
  [/^must be from 1 to 500$/, 'problem.limit'],
  [/^must be 0 or more$/, 'problem.zeroOrMore'],
  [/^must be a whole number, 0 or more$/, 'problem.wholeNumber'],
  [/^must be after the current deadline (?<date>\d{4}-\d{2}-\d{2})$/, 'problem.afterCurrentDeadline'],
  [/^is not an e-mail address$/, 'problem.email'],
  [/^names someone who does not exist$/, 'problem.readerUnknown'],
  [/^named readers are for restricted documents$/, 'problem.readersRestricted'],
  [/^is before the registration date (?<date>\d{4}-\d{2}-\d{2})$/, 'problem.beforeRegistration'],
  [
    /^is required when the due date differs from the rule \((?<date>\d{4}-\d{2}-\d{2})\)$/,
    'problem.reasonForDueDate',
  ],
  [/^not a (?<form>\S+) task$/, 'problem.notFormTask'],
  [/^is not an order$/, 'problem.notOrder'],
  [/^no registered outgoing letter (?<number>.+) answers this application$/, 'problem.noAnswerLetter'],
  [/^(?<fileName>.+): programs and scripts are not accepted$/, 'problem.programFile'],
  [/^(?<fileName>.+): the file is empty$/, 'problem.emptyFile'],
  [
    /^unknown token (?<tokens>.+); use \{seq\}, \{seq:4\}, \{yyyy\}, \{yy\}, \{register\}, \{dept\}$/,
    'problem.patternUnknownToken',
  ],
  [/^must contain \{seq\} \(or \{seq:N\}\) exactly once$/, 'problem.patternSeqOnce'],
  [/^\{seq:N\}: N may be at most 10$/, 'problem.patternWidth'],
  [/^only \{seq\} takes a width$/, 'problem.patternWidthOnlySeq'],
  [/^\{dept\} needs the register to belong to a department$/, 'problem.patternDept'],
  [/^has a brace that is not part of a token$/, 'problem.patternBrace'],
  [
    /^"(?<text>.*)" is not a deadline: write P30D \(days\), P2W \(weeks\), P1M \(months\), P1Y or P15WD \(working days\)$/,
    'problem.deadlineRule',
  ],
  [/^no such register: (?<code>.+)$/, 'problem.noRegisterCode'],
  [/^is not a known field$/, 'problem.unknownField'],
  [/^give registerId or register$/, 'problem.registerOrId'],
  [/^must be the document as JSON$/, 'problem.documentAsJson'],
  [/^send exactly one file$/, 'problem.exactlyOneFile'],
  [/^no such order register$/, 'problem.noOrderRegister'],
  [/^choose the order register$/, 'problem.chooseOrderRegister'],
  [/^only an order's department task is handed to several executors$/, 'problem.severalOnlyOrders'],
  [/^not a colleague of your department: (?<username>.+)$/, 'problem.notColleague'],
  [
    /^numbers that restart each year need the year in the pattern: \{yyyy\} or \{yy\}$/,
    'problem.yearlyResetNeedsYear',
  ],
  [/^Only a department head hands a task on to colleagues of the department\.$/, 'refusal.delegateWho'],
  [/^the process (?<key>\S+) is not deployed$/, 'problem.processNotDeployed'],
  [/^must be one of (?<values>.+)$/, 'problem.oneOf'],
  [/^The document cannot be registered\.$/, 'refusal.registerDocument'],
  [/^The draft cannot be created\.$/, 'refusal.createDraft'],
  [/^The approval cannot be given\.$/, 'refusal.approve'],
  [/^The letter cannot be signed\.$/, 'refusal.sign'],
  [/^The draft cannot be revised\.$/, 'refusal.reviseDraft'],
  [/^The letter cannot be dispatched\.$/, 'refusal.dispatch'],
  [/^The resolution cannot be given\.$/, 'refusal.resolution'],
  [/^The order cannot be given\.$/, 'refusal.order'],
  [/^The order cannot be drafted\.$/, 'refusal.orderDraft'],
  [/^The dashboard cannot be shown for this period\.$/, 'refusal.dashboardPeriod'],
  [/^is before the start date$/, 'problem.beforeFrom'],
  [/^Only a head issues orders\.$/, 'refusal.headIssuesOrders'],
  [/^Only heads, department heads and auditors may open the dashboard\.$/, 'refusal.dashboard'],
  [/^A department head sees the dashboard of their own department only\.$/, 'refusal.dashboardDepartment'],
  [/^The order process of (?<register>.+) has no task that issues the order\.$/, 'refusal.orderNoIssueTask'],
  [/^The task cannot be handed on\.$/, 'refusal.handOn'],
  [/^The process "(?<key>.+)" is not deployed; ask a process designer\.$/, 'refusal.processKeyNotDeployed'],
  [/^The case file cannot be created\.$/, 'refusal.createCaseFile'],
  [/^The case file cannot be changed\.$/, 'refusal.changeCaseFile'],
  [/^The document cannot be filed there\.$/, 'refusal.fileDocument'],
  [/^The document cannot be reopened\.$/, 'refusal.cannotReopen'],
  [
    /^Document (?<document>\S+) is closed: a registrar or a head may reopen it, with a reason\.$/,
    'refusal.documentClosed',
  ],
  [/^Document (?<document>\S+) is not closed\.$/, 'refusal.documentNotClosed'],
  [/^Only a registrar or a head may reopen a document\.$/, 'refusal.reopenOnly'],
  [/^Only a registrar or a head may change a document’s priority\.$/, 'refusal.priorityOnly'],
  [/^The priority cannot be changed\.$/, 'refusal.cannotSetPriority'],
  [/^The document was changed by someone else; reload it and try again\.$/, 'refusal.documentChangedReload'],
  [/^The register cannot be created\.$/, 'refusal.createRegister'],
  [/^The register cannot be changed\.$/, 'refusal.changeRegister'],
  [/^The search cannot be run\.$/, 'refusal.search'],
  [/^The correspondent card cannot be created\.$/, 'refusal.createCorrespondent'],
  [/^The application cannot be reported as answered\.$/, 'refusal.answered'],
  [/^The deadline cannot be extended\.$/, 'refusal.extend'],
  [/^The number pattern cannot be used\.$/, 'refusal.numberPattern'],
  [/^The answer deadline rule cannot be used\.$/, 'refusal.deadlineRule'],
  [/^The comment is empty\.$/, 'refusal.commentEmpty'],
  [/^The comment is longer than (?<max>\d+) characters\.$/, 'refusal.commentTooLong'],
  [/^The file has no name\.$/, 'refusal.noFileName'],
  [/^"(?<fileName>.+)" is a program or script; such files are not accepted\.$/, 'refusal.programFile'],
  [/^"(?<fileName>.+)" is empty\.$/, 'refusal.emptyFile'],
  [/^The file is larger than (?<megabytes>\d+) MB\.$/, 'refusal.fileTooLarge'],
  [/^No such document\.$/, 'refusal.noSuchDocument'],
  [/^Only a registrar may work with incoming e-mail\.$/, 'refusal.intakeClerk'],
  [/^No such intake item\.$/, 'refusal.noSuchIntakeItem'],
  [/^The message was already dealt with\.$/, 'refusal.intakeDecided'],
  [/^the message was already dealt with$/, 'problem.intakeDecided'],
  [/^No document has this registration number\.$/, 'refusal.noDocumentWithNumber'],
  [/^no document you may see has this number$/, 'problem.noDocumentWithNumber'],
  [/^The reason is too long\.$/, 'refusal.reasonTooLong'],
  [/^No such file\.$/, 'refusal.noSuchIntakeFile'],
  [/^No such task\.$/, 'refusal.noSuchTask'],
  [/^No such register\.$/, 'refusal.noSuchRegister'],
  [/^No such correspondent\.$/, 'refusal.noSuchCorrespondent'],
  [/^You may not do this\.$/, 'refusal.forbidden'],
  [/^You may not register documents in (?<register>.+)\.$/, 'refusal.registerIn'],
  [/^You may not file documents into cases\.$/, 'refusal.fileIntoCases'],
  [/^You may not draft outgoing letters\.$/, 'refusal.draftLetters'],
  [/^You may not add attachments\.$/, 'refusal.addAttachments'],
  [/^Documents are registered by people\.$/, 'refusal.registeredByPeople'],
  [/^Only the responsible executor or a head may extend the deadline\.$/, 'refusal.extendWho'],
  [/^Only the head signs outgoing letters\.$/, 'refusal.headSigns'],
  [/^Only head, dept_head or admin may reassign a task\.$/, 'refusal.reassign'],
  [
    /^The deadline of this application was extended already; it may be extended once\.$/,
    'refusal.extendedAlready',
  ],
  [
    /^The deadline can be extended only while the application is being executed\.$/,
    'refusal.extendWhileExecuted',
  ],
  [/^The letter has its number (?<number>.+) already\.$/, 'refusal.letterNumbered'],
  [/^An unsigned draft cannot be dispatched\.$/, 'refusal.unsignedDispatch'],
  [/^document (?<id>\S+) was changed by someone else; reload it and try again$/, 'refusal.documentChanged'],
  [
    /^The routing process "(?<key>.+)" of (?<register>.+) is not deployed; ask a process designer\.$/,
    'refusal.processNotDeployed',
  ],
  [/^Task (?<task>.+) does not take an? (?<form>\S+) form\.$/, 'refusal.taskForm'],
  [/^Task (?<task>.+) does not take a (?<form>\S+)\.$/, 'refusal.taskFormKey'],
  [/^task (?<id>\S+) is already claimed by (?<assignee>.+)$/, 'refusal.taskClaimedBy'],
  [/^task (?<id>\S+) is not claimed$/, 'refusal.taskNotClaimed'],
  [/^task (?<id>\S+) is already yours$/, 'refusal.taskYours'],
  [/^task (?<id>\S+) is (?<status>\w+), not open$/, 'refusal.taskNotOpen'],
  [/^task (?<id>\S+) was assigned to someone else in the meantime; reload it$/, 'refusal.taskReassigned'],
  [
    /^task (?<id>\S+) is with (?<assignee>.+); only they or a head of its department may give it back$/,
    'refusal.taskRelease',
  ],
  [
    /^task (?<id>\S+) was given to (?<assignee>.+) by its process; reassign it instead of giving it back$/,
    'refusal.taskGiveBack',
  ],
  [/^task (?<id>\S+) has no candidates: it cannot be left without an assignee$/, 'refusal.taskNoCandidates'],
  [/^task (?<id>\S+) is not offered to you$/, 'refusal.taskNotOffered'],
  [/^the process no longer waits for task (?<id>\S+)$/, 'refusal.processNoLongerWaits'],
  [/^No such attachment\.$/, 'refusal.noSuchAttachment'],
  [/^No such case file\.$/, 'refusal.noSuchCaseFile'],
  [/^unknown token (?<token>\{[^}]*\}) in the number pattern$/, 'refusal.unknownToken'],
  [
    /^The routing process of (?<register>.+) is not deployed; ask a process designer to deploy "(?<key>.+)"\.$/,
    'refusal.outgoingNotDeployed',
  ],
  [/^The system does not read documents for itself\.$/, 'refusal.systemReads'],
  [
    /^Only a registrar or a head may start a process on a document \(the author on their own draft\)\.$/,
    'refusal.routeDocument',
  ],
  // Guests from other institutions (engine/guests).
  [/^may be at most (?<days>\d+) days from today$/, 'problem.guestMaxDays'],
  [/^This sign-in link is not known\.$/, 'refusal.guestLinkUnknown'],
  [/^This sign-in link was used already; ask for a new one\.$/, 'refusal.guestLinkUsed'],
  [/^This sign-in link has expired; ask for a new one\.$/, 'refusal.guestLinkExpired'],
  [/^The invitation was revoked\.$/, 'refusal.guestRevoked'],
  [/^The invitation has expired\.$/, 'refusal.guestExpired'],
  [/^Only a head who holds the task may invite guests to it\.$/, 'refusal.guestInviteWho'],
  [/^Only the inviter or an administrator may change an invitation\.$/, 'refusal.guestManageWho'],
  [
    /^The server has no public address \(PUBLIC_URL\): a guest link cannot be sent\.$/,
    'refusal.guestNoPublicUrl',
  ],
  [/^The invitation is revoked or expired; invite the guest again\.$/, 'refusal.guestInvitationOver'],
  [/^The task is finished; the guest can no longer answer\.$/, 'refusal.guestTaskFinished'],
  [/^The guest cannot be invited\.$/, 'refusal.guestCannotInvite'],
  [/^The answer cannot be sent\.$/, 'refusal.guestAnswerRefused'],
  [/^No such invitation\.$/, 'refusal.noSuchInvitation'],
  [/^The invitation is already revoked\.$/, 'refusal.invitationRevokedAlready'],
  [/^Only an administrator may (?<doing>.+)\.$/, 'refusal.adminOnly'],
  [/^You may not (?<doing>.+)\.$/, 'refusal.notAllowed'],
];

/** The catalog's id and values for an engine message, or null when no pattern knows it. */
export function catalogEntry(
  message: string,
): { id: MessageId; values: Readonly<Record<string, string>> } | null {
  for (const [pattern, id] of PROBLEM_CATALOG) {
    const match = pattern.exec(message);
    if (match) return { id, values: { ...match.groups } };
  }
  return null;
}

/** An engine message in the language of `t`; an unknown message comes back unchanged. */
export function translateMessage(message: string, t: Translate): string {
  const entry = catalogEntry(message);
  return entry ? t(entry.id, entry.values) : message;
}

/** A message translator for one language, for callers that hold no Translate. */
export function messageTranslator(language: Language): (message: string) => string {
  const t = translator(language);
  return (message) => translateMessage(message, t);
}
