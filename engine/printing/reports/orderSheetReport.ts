/** The order sheet: an order's text with approvals, the signature block and an acquaintance list. */
import type { OrderSheetData } from '../reportData.js';
import { noAccumulator, type ReportDefinition } from './reportDefinition.js';

const full: OrderSheetData = {
  orderNumber: 'ADM/1-10-1/26/3',
  issuedOn: '2026-03-10',
  place: 'Ķekava',
  title: 'Par darba grupas izveidi ielu apgaismojuma pārbūvei',
  preamble: 'Pamatojoties uz Pašvaldību likuma 21. panta pirmo daļu,',
  points: [
    'Izveidot darba grupu šādā sastāvā: …',
    'Darba grupai līdz 2026. gada 30. aprīlim iesniegt priekšlikumus.',
  ],
  signer: { position: 'Domes priekšsēdētājs', name: 'Mārtiņš Liepa' },
  approvals: [{ position: 'Juridiskās nodaļas vadītāja', name: 'Ilze Grīnberga' }],
  acquainted: ['Jānis Ozoliņš', 'Līga Kalniņa'],
};

export const orderSheetReport: ReportDefinition<OrderSheetData, never> = {
  kind: 'order',
  // Points are numbered here: Handlebars' @index counts from 0.
  head: (data) => ({ ...data, points: data.points.map((text, index) => ({ ordinal: index + 1, text })) }),
  rows: () => null,
  rowView: () => ({}),
  accumulator: () => noAccumulator,
  samples: () => [full, { ...full, preamble: null, approvals: [], acquainted: [] }],
  tabular: null,
};
