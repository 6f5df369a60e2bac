/**
 * The three.js view the peer viewers' pages (gs3d-view, spark-view) draw into: a WebGLRenderer of
 * `w` × `h` pixels in #root, black, pixel ratio 1, and a perspective camera from the query's `eye`,
 * `target`, `up` (x,y,z) and `fov` (vertical degrees), near plane 0.2 like the reference's.
 */
import * as THREE from 'three';

export interface ThreeView {
  readonly root: HTMLElement;
  readonly renderer: THREE.WebGLRenderer;
  readonly camera: THREE.PerspectiveCamera;
  readonly width: number;
  readonly height: number;
}

export function threeViewFromQuery(query: URLSearchParams, options: { preserveDrawingBuffer?: boolean } = {}): ThreeView {
  const vec = (name: string): THREE.Vector3 => new THREE.Vector3(...(query.get(name) ?? '0,0,0').split(',').map(Number));
  const width = Number(query.get('w')), height = Number(query.get('h'));
  const root = document.getElementById('root')!;
  root.style.width = `${width}px`;
  root.style.height = `${height}px`;
  const renderer = new THREE.WebGLRenderer({ antialias: false, preserveDrawingBuffer: options.preserveDrawingBuffer ?? false, alpha: false });
  renderer.setPixelRatio(1);
  renderer.setSize(width, height);
  renderer.setClearColor(0x000000, 1);
  root.append(renderer.domElement);
  const camera = new THREE.PerspectiveCamera(Number(query.get('fov')), width / height, 0.2, 1000);
  camera.position.copy(vec('eye'));
  camera.up.copy(vec('up'));
  camera.lookAt(vec('target'));
  return { root, renderer, camera, width, height };
}
