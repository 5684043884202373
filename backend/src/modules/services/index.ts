/**
 * The service catalogue: public services defined without code — form, who may apply, workflow with
 * deadlines, routing rule, output document — versioned; the public-services engine files applications
 * under a live version.
 */
export { serviceEntities } from './services.entity.js';
export {
  serviceDefinition,
  rtsTermsOf,
  type ServiceDefinition,
  type FormField,
  type RtsTerms,
  type AppellateRef,
} from './service-definition.js';
export { serviceRoutes } from './services.routes.js';
export { servicesListeners } from './services.events.js';
export { seedDemoServices } from './seed-demo-services.js';
export { ServiceSchema, ServiceVersionSchema, type Service, type ServiceVersion } from './services.entity.js';
/** Where the Right to Service module plugs in each service's on-time record (the public catalogue). */
export { serviceRecords } from './read-services.js';
