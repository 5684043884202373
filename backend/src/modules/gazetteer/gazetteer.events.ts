import { auditOf, type Listeners } from '../../shared/events.js';
import { rooms } from '../../shared/hints.js';

declare module '../../shared/events.js' {
  interface DomainEvents {
    /** A gazetteer CSV changed something: the counts of its rows and what it created or updated. */
    'gazetteer.imported': { counts: Record<string, number>; created: number; updated: number; areaIds: string[] };
  }
}

/** The gazetteer is readable by all staff, like the org structure: its changes are hinted to the `org` room. */
export const gazetteerListeners: Listeners = {
  'gazetteer.imported': {
    audit: (e) => auditOf('gazetteer.import', 'gazetteer', 'csv', { counts: e.counts, created: e.created, updated: e.updated }),
    hints: (e) => [{ room: rooms.org, hint: { entity: 'area', ids: e.areaIds.slice(0, 500) } }],
  },
};
