import type { DeadLetter, EventStore, QueueRecord } from './types.ts';

/** Keeps records in memory: the store for tests, and the fallback when IndexedDB fails. */
export class MemoryEventStore implements EventStore {
  readonly kind = 'memory';
  private readonly records = new Map<string, QueueRecord>();
  private readonly letters = new Map<string, DeadLetter>();

  async put(records: QueueRecord[]): Promise<void> {
    for (const record of records) this.records.set(record.eventId, structuredClone(record));
  }

  async list(): Promise<QueueRecord[]> {
    return sortRecords([...this.records.values()].map((record) => structuredClone(record)));
  }

  async delete(eventIds: string[]): Promise<void> {
    for (const id of eventIds) this.records.delete(id);
  }

  async bury(letters: DeadLetter[]): Promise<void> {
    for (const letter of letters) {
      this.records.delete(letter.eventId);
      this.letters.set(letter.eventId, structuredClone(letter));
    }
  }

  async deadLetters(): Promise<DeadLetter[]> {
    return [...this.letters.values()].sort((a, b) => a.at - b.at).map((letter) => structuredClone(letter));
  }

  async deleteDeadLetters(eventIds: string[]): Promise<void> {
    for (const id of eventIds) this.letters.delete(id);
  }

  close(): void {}
}

export const sortRecords = (records: QueueRecord[]): QueueRecord[] =>
  records.sort((a, b) => a.enqueuedAt - b.enqueuedAt || (a.eventId < b.eventId ? -1 : 1));
