/** A result's pane holds its file, not its decoded scene: each load decodes, the first may be served. */
import { describe, expect, it } from 'vitest';
import { allocateScene } from '../../src/core/index.ts';
import { fileScene, heldScene } from '../../src/ui/pane-scene.ts';

describe('pane scenes', () => {
  it('decode a result file at every load after the first, which a decoded scene at hand serves', async () => {
    let decodes = 0;
    const decode = () => Promise.resolve((decodes++, allocateScene(3, 0)));
    const given = allocateScene(3, 0);
    const source = fileScene(3, decode, given);
    expect(source.count).toBe(3);
    // the caller may still hold the scene it gave: not the load's to hand over
    expect(await source.load()).toEqual({ scene: given, owned: false });
    expect(decodes).toBe(0);
    const again = await source.load();
    expect(again.scene).not.toBe(given);
    expect(again.owned).toBe(true);
    await source.load();
    expect(decodes).toBe(2);
  });

  it('decode at the first load when no scene was at hand', async () => {
    let decodes = 0;
    const source = fileScene(5, () => Promise.resolve((decodes++, allocateScene(5, 0))));
    expect((await source.load()).owned).toBe(true);
    expect(decodes).toBe(1);
  });

  it('give a held scene itself, every time, never to be handed over', async () => {
    const scene = allocateScene(2, 1);
    const source = heldScene(scene);
    expect([await source.load(), await source.load(), source.count]).toEqual([{ scene, owned: false }, { scene, owned: false }, 2]);
  });
});
