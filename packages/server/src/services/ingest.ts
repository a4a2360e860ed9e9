import type { CallEventStore, IngestBatch, IngestResult } from '../stores/call-events.ts';

interface Waiting {
  batch: IngestBatch;
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

/**
 * The group commit: batches that arrive while no transaction runs are written together by
 * one `append` (one commit, one fsync for all of them). Each caller gets its own result
 * once its batch is committed. When the shared append fails, each batch is tried on its
 * own, so one bad batch fails only its own caller.
 */
export const createGroupCommit = (
  callEvents: CallEventStore,
): ((batch: IngestBatch) => Promise<IngestResult>) => {
  let waiting: Waiting[] = [];
  let writing = false;

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
    const group = waiting;
    waiting = [];
    writing = true;
    try {
      await writeGroup(group);
    } finally {
      writing = false;
      // Batches that came in while this group was written form the next group.
      if (waiting.length > 0) setImmediate(commit);
    }
  };

  return (batch) =>
    new Promise<IngestResult>((resolve, reject) => {
      waiting.push({ batch, resolve, reject });
      if (!writing && waiting.length === 1) setImmediate(commit);
    });
};
