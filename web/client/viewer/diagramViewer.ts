/** A NavigatedViewer in `canvas`, with the few services the read-only views use. */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { withMissingEdges } from '../shared/missingEdges.js';

export interface ShapeLike {
  id: string;
  type: string;
  waypoints?: unknown;
  businessObject: { name?: string };
}

export interface OpenDiagram {
  viewer: NavigatedViewer;
  /** Shows `elementId` legibly when the whole diagram, fitted, would be too small to read. */
  focus(elementId: string): void;
  mark(elementId: string, marker: string): void;
  overlay(elementId: string, html: HTMLElement): void;
  has(elementId: string): boolean;
  shapes(): ShapeLike[];
}

/** Below this scale the names in the shapes cannot be read. */
const READABLE_ZOOM = 0.8;

export async function openDiagram(canvasHost: HTMLElement, xml: string): Promise<OpenDiagram> {
  const viewer = new NavigatedViewer({ container: canvasHost });
  await viewer.importXML(withMissingEdges(xml));
  const canvas = viewer.get<{
    zoom(level?: string | number): number;
    addMarker(id: string, marker: string): void;
    scrollToElement(element: unknown): void;
  }>('canvas');
  canvas.zoom('fit-viewport');
  const registry = viewer.get<{ get(id: string): ShapeLike | undefined; getAll(): ShapeLike[] }>(
    'elementRegistry',
  );
  const overlays = viewer.get<{ add(id: string, overlay: object): void }>('overlays');
  return {
    viewer,
    has: (id) => registry.get(id) !== undefined,
    focus: (id) => {
      const shape = registry.get(id);
      if (!shape || canvas.zoom() >= READABLE_ZOOM) return;
      canvas.zoom(READABLE_ZOOM);
      canvas.scrollToElement(shape);
    },
    mark: (id, marker) => {
      if (registry.get(id)) canvas.addMarker(id, marker);
    },
    overlay: (id, html) => {
      if (registry.get(id)) overlays.add(id, { position: { top: -12, right: 12 }, html });
    },
    shapes: () => registry.getAll(),
  };
}
