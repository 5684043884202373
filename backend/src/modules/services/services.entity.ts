import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ServiceDefinition } from './service-definition.js';

/** A public service of the catalogue; what it asks and how it flows is in its versions. */
export const ServiceSchema = defineEntity({
  name: 'Service',
  tableName: 'service',
  properties: {
    id: p.uuid().primary(),
    code: p.string().length(20).unique(),
    /** The version applications are filed under now; null until one is published. */
    liveVersion: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    version: p.integer().version(),
  },
});
export type Service = InferEntity<typeof ServiceSchema>;

/**
 * One version of a service's definition. A draft can be replaced by a newer draft; once published it
 * never changes (applications filed under it keep it), and publishing another retires it.
 */
export const ServiceVersionSchema = defineEntity({
  name: 'ServiceVersion',
  tableName: 'service_version',
  uniques: [{ properties: ['service', 'number'] }],
  properties: {
    id: p.uuid().primary(),
    service: () => p.manyToOne(ServiceSchema).ref(),
    number: p.integer(),
    definition: p.json<ServiceDefinition>(),
    status: p.string().length(10).$type<'draft' | 'live' | 'retired'>(),
    createdBy: p.string().length(100),
    createdAt: p.datetime().onCreate(() => new Date()),
    publishedAt: p.datetime().nullable(),
  },
});
export type ServiceVersion = InferEntity<typeof ServiceVersionSchema>;

export const serviceEntities = [ServiceSchema, ServiceVersionSchema];
