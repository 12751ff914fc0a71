/** Raw e-mail messages for intake tests: good ones, replies, duplicates and broken ones. */

export interface MessageFile {
  name: string;
  type: string;
  content: Buffer;
}

export interface MessageSpec {
  from?: string | null;
  subject?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string[];
  date?: string;
  text?: string;
  files?: MessageFile[];
}

const wrap = (base64: string): string => base64.replace(/.{1,76}/g, '$&\r\n');

/** A MIME message (multipart/mixed when it has files). */
export function rawMessage(spec: MessageSpec): string {
  const headers = [
    ...(spec.from === null ? [] : [`From: ${spec.from ?? '"Jānis Bērziņš" <janis@example.lv>'}`]),
    'To: registry@novads.test',
    `Subject: =?UTF-8?B?${Buffer.from(spec.subject ?? 'Iesniegums', 'utf8').toString('base64')}?=`,
    `Date: ${spec.date ?? 'Mon, 07 Dec 2026 09:15:00 +0200'}`,
    ...(spec.messageId === null ? [] : [`Message-ID: ${spec.messageId ?? `<${Math.random()}@example.lv>`}`]),
    ...(spec.inReplyTo ? [`In-Reply-To: ${spec.inReplyTo}`] : []),
    ...(spec.references ? [`References: ${spec.references.join(' ')}`] : []),
    'MIME-Version: 1.0',
  ];
  const text = spec.text ?? 'Labdien! Lūdzu izskatīt pielikumā.';
  const textPart = [
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    wrap(Buffer.from(text, 'utf8').toString('base64')),
  ].join('\r\n');
  if (!spec.files || spec.files.length === 0) {
    return [...headers, textPart].join('\r\n');
  }
  const boundary = `b-${Math.random().toString(16).slice(2)}`;
  const parts = [
    textPart,
    ...spec.files.map((file) =>
      [
        `Content-Type: ${file.type}; name="${file.name}"`,
        `Content-Disposition: attachment; filename="${file.name}"`,
        'Content-Transfer-Encoding: base64',
        '',
        wrap(file.content.toString('base64')),
      ].join('\r\n'),
    ),
  ];
  return [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    ...parts.map((part) => `--${boundary}\r\n${part}`),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** A multipart message whose parts never come: the boundary is declared and never used. */
export function brokenMimeMessage(messageId: string): string {
  return [
    'From: <broken@example.lv>',
    'Subject: Bojāts',
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="never-there"',
    '',
    'this is not a MIME part',
    '--elsewhere',
    'Content-Type: application/pdf',
    '',
  ].join('\r\n');
}

/** The first bytes of a Windows program (a DOS header and a PE signature). */
export function fakeExecutable(): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(128, 0x3c);
  bytes.write('PE\0\0', 128, 'latin1');
  bytes.writeUInt16LE(0x14c, 132);
  return bytes;
}
