import { auditOf, type Listeners } from '../../shared/events.js';

/** Changes to the service catalogue (admins only). */
declare module '../../shared/events.js' {
  interface DomainEvents {
    'service.version-drafted': { serviceId: string; code: string; number: number };
    'service.published': { serviceId: string; code: string; number: number; retired: number | null };
  }
}

export const servicesListeners: Listeners = {
  'service.version-drafted': {
    audit: (e) => auditOf('service.draft', 'service', e.serviceId, { code: e.code, version: e.number }),
  },
  'service.published': {
    audit: (e) => auditOf('service.publish', 'service', e.serviceId, { code: e.code, version: e.number, retired: e.retired }),
  },
};
