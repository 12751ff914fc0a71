/**
 * Draws the sequence flows a file has no diagram edges for. Hand-written BPMN (our shipped
 * processes among them) often lays out only the shapes; bpmn-js then shows no arrows at all and a
 * designer could neither see nor reconnect the flows. Each missing edge gets a straight line
 * between the borders of its two shapes, which the designer may then move.
 */
const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const BPMNDI = 'http://www.omg.org/spec/BPMN/20100524/DI';
const DC = 'http://www.omg.org/spec/DD/20100524/DC';
const DI = 'http://www.omg.org/spec/DD/20100524/DI';

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the line from the centre of `b` towards `toward` leaves `b`. */
function borderPoint(b: Bounds, toward: { x: number; y: number }): { x: number; y: number } {
  const cx = b.x + b.width / 2;
  const cy = b.y + b.height / 2;
  const dx = toward.x - cx;
  const dy = toward.y - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const scale = Math.min(
    dx === 0 ? Infinity : b.width / 2 / Math.abs(dx),
    dy === 0 ? Infinity : b.height / 2 / Math.abs(dy),
  );
  return { x: Math.round(cx + dx * scale), y: Math.round(cy + dy * scale) };
}

const centre = (b: Bounds) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

export function withMissingEdges(xml: string): string {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return xml;
  const plane = doc.getElementsByTagNameNS(BPMNDI, 'BPMNPlane')[0];
  if (!plane) return xml;
  const bounds = new Map<string, Bounds>();
  for (const shape of Array.from(doc.getElementsByTagNameNS(BPMNDI, 'BPMNShape'))) {
    const box = shape.getElementsByTagNameNS(DC, 'Bounds')[0];
    const id = shape.getAttribute('bpmnElement');
    if (!box || !id) continue;
    const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((a) => Number(box.getAttribute(a)));
    bounds.set(id, { x: x ?? 0, y: y ?? 0, width: width ?? 0, height: height ?? 0 });
  }
  const drawn = new Set(
    Array.from(doc.getElementsByTagNameNS(BPMNDI, 'BPMNEdge')).map((edge) =>
      edge.getAttribute('bpmnElement'),
    ),
  );
  let added = 0;
  for (const flow of Array.from(doc.getElementsByTagNameNS(BPMN, 'sequenceFlow'))) {
    const id = flow.getAttribute('id');
    const source = bounds.get(flow.getAttribute('sourceRef') ?? '');
    const target = bounds.get(flow.getAttribute('targetRef') ?? '');
    if (!id || drawn.has(id) || !source || !target) continue;
    const edge = doc.createElementNS(BPMNDI, 'bpmndi:BPMNEdge');
    edge.setAttribute('id', `${id}_di`);
    edge.setAttribute('bpmnElement', id);
    for (const point of [borderPoint(source, centre(target)), borderPoint(target, centre(source))]) {
      const waypoint = doc.createElementNS(DI, 'di:waypoint');
      waypoint.setAttribute('x', String(point.x));
      waypoint.setAttribute('y', String(point.y));
      edge.append(waypoint);
    }
    plane.append(edge);
    added++;
  }
  return added === 0 ? xml : new XMLSerializer().serializeToString(doc);
}
