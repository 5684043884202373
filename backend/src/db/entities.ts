import { OfficeSchema, SectionSchema, PostSchema, UserSchema, ChargeSchema } from '../modules/org/org.entity.js';
import { SessionSchema } from '../modules/auth/session.entity.js';
import { AuditEventSchema } from '../modules/audit/audit.entity.js';

export const entities = [OfficeSchema, SectionSchema, PostSchema, UserSchema, ChargeSchema, SessionSchema, AuditEventSchema];
