/** Waiting for WebGL2's GPU without blocking the page: a fence, polled once per task. */

/** Resolves once the GL commands issued before the call have finished (at once where the context is lost). */
export async function fenceDone(gl: WebGL2RenderingContext): Promise<void> {
  const fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
  if (fence === null) return;
  gl.flush();
  try {
    while (!gl.isContextLost() && gl.getSyncParameter(fence, gl.SYNC_STATUS) !== gl.SIGNALED) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  } finally {
    gl.deleteSync(fence);
  }
}
