import { OfficeSchema, SectionSchema, PostSchema, UserSchema, ChargeSchema } from '../modules/org/org.entity.js';
import { SessionSchema } from '../modules/auth/session.entity.js';
import { AuditEventSchema } from '../modules/audit/audit.entity.js';
import { ReceiptSchema, ReceiptUploadSchema, ReceiptPageSchema, OutboxMessageSchema } from '../modules/dak/dak.entity.js';
import { EFileSchema, FileHeadSchema, NoteSchema, CorrespondenceSchema, FileLinkSchema, DraftSchema, DraftVersionSchema, DraftCommentSchema } from '../modules/files/files.entity.js';
import { MovementSchema, ItemAccessSchema } from '../modules/movement/movement.entity.js';
import { signingEntities } from '../modules/signing/signing.entity.js';
import { CounterSchema } from '../shared/counter.js';

export const entities = [OfficeSchema, SectionSchema, PostSchema, UserSchema, ChargeSchema, SessionSchema, AuditEventSchema,
  ReceiptSchema, ReceiptUploadSchema, ReceiptPageSchema, OutboxMessageSchema, MovementSchema, ItemAccessSchema,
  FileHeadSchema, EFileSchema, NoteSchema, CorrespondenceSchema, FileLinkSchema, DraftSchema, DraftVersionSchema, DraftCommentSchema,
  ...signingEntities, CounterSchema];
