import { OfficeSchema, SectionSchema, PostSchema, UserSchema, ChargeSchema } from '../modules/org/index.js';
import { SessionSchema } from '../modules/auth/index.js';
import { AuditEventSchema } from '../modules/audit/index.js';
import { ReceiptSchema, ReceiptUploadSchema, ReceiptPageSchema } from '../modules/dak/index.js';
import { OutboxMessageSchema } from '../infra/notifier.js';
import {
  EFileSchema,
  FileHeadSchema,
  NoteSchema,
  CorrespondenceSchema,
  FileLinkSchema,
  DraftSchema,
  DraftVersionSchema,
  DraftCommentSchema,
} from '../modules/files/index.js';
import { MovementSchema, ItemAccessSchema } from '../modules/movement/index.js';
import { signingEntities } from '../modules/signing/index.js';
import { CounterSchema } from '../shared/counter.js';
import { applicantEntities } from '../modules/applicants/index.js';
import { serviceEntities } from '../modules/services/index.js';
import { applicationEntities } from '../modules/applications/index.js';
import { gazetteerEntities } from '../modules/gazetteer/index.js';
import { passesEntities } from '../modules/passes/index.js';
import { checkpointEntities } from '../modules/checkpoints/index.js';
import { rtsEntities } from '../modules/rts/index.js';

export const entities = [
  OfficeSchema,
  SectionSchema,
  PostSchema,
  UserSchema,
  ChargeSchema,
  SessionSchema,
  AuditEventSchema,
  ReceiptSchema,
  ReceiptUploadSchema,
  ReceiptPageSchema,
  OutboxMessageSchema,
  MovementSchema,
  ItemAccessSchema,
  FileHeadSchema,
  EFileSchema,
  NoteSchema,
  CorrespondenceSchema,
  FileLinkSchema,
  DraftSchema,
  DraftVersionSchema,
  DraftCommentSchema,
  ...signingEntities,
  CounterSchema,
  ...applicantEntities,
  ...serviceEntities,
  ...gazetteerEntities,
  ...applicationEntities,
  ...passesEntities,
  ...checkpointEntities,
  ...rtsEntities,
];
