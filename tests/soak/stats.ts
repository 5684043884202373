/**
 * What the soak counts: per action its latencies and outcomes, and every write the system acknowledged
 * (so that afterwards each can be looked up in the database).
 */
import { pct } from '../bench/kit.js';

/** ok: 2xx; conflict: 409 (or 422 on an item another session moved first) — an expected outcome; throttled: 429; error: anything else. */
export type Outcome = 'ok' | 'conflict' | 'throttled' | 'error';

interface ActionStats {
  lat: number[];
  ok: number;
  conflict: number;
  throttled: number;
  error: number;
}

export interface ErrorSample {
  action: string;
  status: number | string;
  detail: string;
}

/** An acknowledged write: what kind, its id, and the number or state the answer gave. */
export interface Ack {
  kind: 'receipt' | 'receipt-send' | 'file' | 'note' | 'draft' | 'draft-approve' | 'file-send' | 'file-return' | 'application' | 'decision';
  id: string;
  /** The diary, file or reference number the answer carried (receipt, file, application). */
  number?: string;
  /** A second id: the note's or draft's file, the post a send went to. */
  ref?: string;
  /** The application's stage after a decision. */
  state?: string;
}

export class SoakStats {
  readonly actions = new Map<string, ActionStats>();
  readonly samples: ErrorSample[] = [];
  readonly acks: Ack[] = [];
  /** Errors by action and status, e.g. "apply 500": 3. */
  readonly errorKinds = new Map<string, number>();

  record(action: string, ms: number, outcome: Outcome, sample?: Omit<ErrorSample, 'action'>) {
    let a = this.actions.get(action);
    if (!a) this.actions.set(action, (a = { lat: [], ok: 0, conflict: 0, throttled: 0, error: 0 }));
    a.lat.push(ms);
    a[outcome] += 1;
    if (outcome === 'error' && sample) {
      const k = `${action} ${sample.status}`;
      this.errorKinds.set(k, (this.errorKinds.get(k) ?? 0) + 1);
      if (this.samples.length < 20) this.samples.push({ action, ...sample });
    }
  }

  ack(a: Ack) {
    this.acks.push(a);
  }

  get errors(): number {
    let n = 0;
    for (const a of this.actions.values()) n += a.error;
    return n;
  }

  /** One row per action: count, throughput, p50/p95/p99, conflicts, throttled, errors. */
  rows(seconds: number): Array<{ action: string; count: number; perSec: number; p50: number; p95: number; p99: number } & ActionStats> {
    return [...this.actions.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([action, s]) => ({
        action,
        ...s,
        count: s.lat.length,
        perSec: s.lat.length / Math.max(1, seconds),
        p50: pct(s.lat, 50),
        p95: pct(s.lat, 95),
        p99: pct(s.lat, 99),
      }));
  }
}
