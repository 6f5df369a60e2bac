/**
 * Mouse, wheel, touch and keyboard input for the shared camera rig: drag to orbit, right-drag or
 * shift-drag (or two fingers) to pan, wheel or pinch to zoom, W/A/S/D/Q/E to fly, R to reset,
 * F to fit the scene. Listens on the element holding the panes; keys when no text field has focus.
 */
import type { CameraRig } from '../render/camera-rig.ts';

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Drag', 'orbit'],
  ['Right-drag, Shift+drag, two fingers', 'pan'],
  ['Wheel, pinch', 'zoom'],
  ['W / S', 'fly forward / back'],
  ['A / D', 'fly left / right'],
  ['Q / E', 'fly down / up'],
  ['R', 'reset view'],
  ['F', 'fit scene'],
  ['H or ?', 'this help'],
];

const ORBIT_RADIANS_PER_PIXEL = 0.006;

/** Only the panes' drawing areas steer the camera (the chart is a canvas too). */
const onStage = (target: EventTarget | null): boolean => target instanceof Element && target.closest('.pane-stage') !== null;
const FLY_STEP = 0.04;

export function attachCameraControls(host: HTMLElement, rig: () => CameraRig | null, actions: { fit(): void; help(): void }): () => void {
  const pointers = new Map<number, { x: number; y: number }>();
  let panning = false;
  const onDown = (e: PointerEvent): void => {
    if (!onStage(e.target)) return;
    host.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    panning = e.button === 2 || e.shiftKey;
  };
  const onMove = (e: PointerEvent): void => {
    const last = pointers.get(e.pointerId);
    const r = rig();
    if (last === undefined || r === null) return;
    const dx = e.clientX - last.x, dy = e.clientY - last.y;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const height = (e.target as HTMLElement).clientHeight || host.clientHeight || 1;
    if (pointers.size >= 2) {
      r.pan(dx / pointers.size / height, dy / pointers.size / height);
    } else if (panning) {
      r.pan(dx / height, dy / height);
    } else {
      r.orbit(dx * ORBIT_RADIANS_PER_PIXEL, dy * ORBIT_RADIANS_PER_PIXEL);
    }
  };
  const onUp = (e: PointerEvent): void => {
    pointers.delete(e.pointerId);
  };
  const onWheel = (e: WheelEvent): void => {
    if (!onStage(e.target)) return;
    e.preventDefault();
    rig()?.zoom(Math.exp(e.deltaY * 0.001));
  };
  let pinch: number | null = null;
  const onTouch = (e: TouchEvent): void => {
    if (e.touches.length !== 2) { pinch = null; return; }
    const [a, b] = [e.touches[0]!, e.touches[1]!];
    const span = Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
    if (pinch !== null && span > 0) rig()?.zoom(pinch / span);
    pinch = span;
  };
  const onKey = (e: KeyboardEvent): void => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.ctrlKey || e.metaKey || e.altKey) return;
    const r = rig();
    const moves: Record<string, () => void> = {
      w: () => r?.fly(FLY_STEP, 0), s: () => r?.fly(-FLY_STEP, 0), a: () => r?.fly(0, -FLY_STEP), d: () => r?.fly(0, FLY_STEP),
      q: () => r?.fly(0, 0, -FLY_STEP), e: () => r?.fly(0, 0, FLY_STEP), r: () => r?.reset(), f: actions.fit, h: actions.help, '?': actions.help,
    };
    const move = moves[e.key.toLowerCase()];
    if (move === undefined) return;
    e.preventDefault();
    move();
  };
  const noMenu = (e: Event): void => { if (onStage(e.target)) e.preventDefault(); };
  host.addEventListener('pointerdown', onDown);
  host.addEventListener('pointermove', onMove);
  host.addEventListener('pointerup', onUp);
  host.addEventListener('pointercancel', onUp);
  host.addEventListener('wheel', onWheel, { passive: false });
  host.addEventListener('touchmove', onTouch, { passive: true });
  host.addEventListener('contextmenu', noMenu);
  window.addEventListener('keydown', onKey);
  return () => {
    host.removeEventListener('pointerdown', onDown);
    host.removeEventListener('pointermove', onMove);
    host.removeEventListener('pointerup', onUp);
    host.removeEventListener('pointercancel', onUp);
    host.removeEventListener('wheel', onWheel);
    host.removeEventListener('touchmove', onTouch);
    host.removeEventListener('contextmenu', noMenu);
    window.removeEventListener('keydown', onKey);
  };
}
