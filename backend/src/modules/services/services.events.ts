import type { Listeners } from '../../shared/events.js';

/** Changes to the service catalogue (admins only). */
declare module '../../shared/events.js' {
  interface DomainEvents {
    'service.version-drafted': { serviceId: string; code: string; number: number };
    'service.published': { serviceId: string; code: string; number: number; retired: number | null };
  }
}

export const servicesListeners: Listeners = {
  'service.version-drafted': {
    audit: (e) => ({ action: 'service.draft', objectType: 'service', objectId: e.serviceId, details: { code: e.code, version: e.number } }),
  },
  'service.published': {
    audit: (e) => ({
      action: 'service.publish',
      objectType: 'service',
      objectId: e.serviceId,
      details: { code: e.code, version: e.number, retired: e.retired },
    }),
  },
};
