import assert from 'node:assert/strict';

/** One server-sent event as a test reads it. */
export interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** Reads server-sent events frame by frame from a streaming response. */
export const frames = (response: Response) => {
  assert.equal(response.headers.get('content-type'), 'text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  let done = false;
  return {
    async next(): Promise<Frame> {
      while (!buffered.includes('\n\n')) {
        const read = await reader.read();
        if (read.done) {
          done = true;
          throw new Error('stream ended');
        }
        buffered += read.value;
      }
      const end = buffered.indexOf('\n\n');
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const frame: Frame = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comment = line.slice(1).trim();
        const match = /^(id|event|data): ?(.*)$/.exec(line);
        if (match) frame[match[1] as 'id' | 'event' | 'data'] = match[2];
      }
      return frame;
    },
    /** The next frame that is not a heartbeat. */
    async nextEvent(): Promise<Frame> {
      for (;;) {
        const frame = await this.next();
        if (frame.comment === undefined) return frame;
      }
    },
    /** Resolves with the time it took the server to end the stream; fails after `withinMs`. */
    async ends(withinMs: number): Promise<number> {
      const started = performance.now();
      const deadline = new Promise<never>((_, reject) => {
        setTimeout(
          () => reject(new Error(`the stream was still open after ${withinMs} ms`)),
          withinMs,
        ).unref();
      });
      const drained = (async () => {
        while (!done) await this.next().catch(() => undefined);
        return performance.now() - started;
      })();
      return Promise.race([drained, deadline]);
    },
    close: () => reader.cancel(),
  };
};
export type Frames = ReturnType<typeof frames>;
