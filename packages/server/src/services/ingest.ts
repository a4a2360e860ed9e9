import type { CallEventStore, IngestBatch, IngestResult } from '../stores/call-events.ts';

interface Waiting {
  batch: IngestBatch;
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Events one group may hold: an engine that writes synchronously (SQLite) holds the event
 * loop for the whole transaction, about 40 µs an event, so groups stay near 20 ms.
 */
export const MAX_GROUP_EVENTS = 500;

/**
 * The group commit: batches that arrive while no transaction runs are written together by
 * one `append` (one commit, one fsync for all of them), up to `maxGroupEvents` events; the
 * rest form the next group, after other requests had their turn. Each caller gets its own
 * result once its batch is committed. When the shared append fails, each batch is tried on
 * its own, so one bad batch fails only its own caller.
 */
export const createGroupCommit = (
  callEvents: CallEventStore,
  options: { maxGroupEvents?: number } = {},
): ((batch: IngestBatch) => Promise<IngestResult>) => {
  const maxGroupEvents = options.maxGroupEvents ?? MAX_GROUP_EVENTS;
  const waiting: Waiting[] = [];
  let writing = false;

  /** The oldest waiting batches up to the event cap; a batch is never split, so at least one. */
  const nextGroup = (): Waiting[] => {
    let events = 0;
    let size = 0;
    while (size < waiting.length) {
      events += waiting[size]!.batch.events.length;
      if (size > 0 && events > maxGroupEvents) break;
      size++;
    }
    return waiting.splice(0, size);
  };

  const appendAlone = async (item: Waiting): Promise<void> => {
    try {
      const [result] = await callEvents.append([item.batch]);
      item.resolve(result!);
    } catch (error) {
      item.reject(error);
    }
  };

  /** Writes one group; a failed shared append falls back to one append per batch. */
  const writeGroup = async (group: Waiting[]): Promise<void> => {
    if (group.length === 1) {
      await appendAlone(group[0]!);
      return;
    }
    let results: IngestResult[];
    try {
      results = await callEvents.append(group.map((item) => item.batch));
    } catch {
      for (const item of group) await appendAlone(item);
      return;
    }
    group.forEach((item, index) => {
      item.resolve(results[index]!);
    });
  };

  const commit = async (): Promise<void> => {
    const group = nextGroup();
    writing = true;
    try {
      await writeGroup(group);
    } finally {
      writing = false;
      // Batches left over, or that came in while this group was written, form the next group.
      if (waiting.length > 0) setImmediate(commit);
    }
  };

  return (batch) =>
    new Promise<IngestResult>((resolve, reject) => {
      waiting.push({ batch, resolve, reject });
      if (!writing && waiting.length === 1) setImmediate(commit);
    });
};
