import type { Listeners } from '../../shared/events.js';
import { rooms } from '../../shared/hints.js';
import type { PassVerdict } from '../passes/index.js';
import type { CheckKind, GateDirection } from './checkpoints.entity.js';

export interface RecordedCheck {
  id: string;
  postId: string;
  officeId: string;
  documentId: string | null;
  kind: CheckKind;
  direction: GateDirection | null;
  verdict: PassVerdict;
  serverVerdict: PassVerdict | null;
  offline: boolean;
}

/** Checks at checkpoints and gates: each in the audit chain; a gate's entries and exits hint its office (who is inside). */
declare module '../../shared/events.js' {
  interface DomainEvents {
    /** Checks the phone recorded (newly stored ones only: a replayed batch records nothing again). */
    'check.recorded': { records: RecordedCheck[] };
    /** A pass looked at online: its holder's details were shown to the checking post. */
    'check.verified': { documentId: string | null; verdict: PassVerdict; via: 'token' | 'reference'; reference: string | null };
  }
}

export const checkpointListeners: Listeners = {
  'check.recorded': {
    audit: (e) =>
      e.records.map((r) => ({
        action: 'check.recorded',
        objectType: 'check_record',
        objectId: r.id,
        details: {
          documentId: r.documentId,
          kind: r.kind,
          direction: r.direction,
          verdict: r.verdict,
          serverVerdict: r.serverVerdict,
          offline: r.offline,
          postId: r.postId,
        },
      })),
    hints: (e) =>
      [...new Set(e.records.filter((r) => r.direction).map((r) => r.officeId))].map((officeId) => ({
        room: rooms.office(officeId),
        hint: { entity: 'gate' as const, ids: [officeId] },
      })),
  },
  'check.verified': {
    audit: (e) => ({
      action: 'check.verified',
      objectType: 'issued_document',
      objectId: e.documentId ?? 'unknown',
      details: { verdict: e.verdict, via: e.via, ...(e.reference ? { reference: e.reference } : {}) },
    }),
  },
};
