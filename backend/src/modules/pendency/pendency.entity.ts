import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { OfficeSchema, PostSchema, UserSchema } from '../org/org.entity.js';
import type { ItemType } from '../movement/movement.entity.js';

/** Special registers with their own deadlines (RTI: 30 days by law; court cases; VIP/MP references). */
export const REGISTERS = ['rti', 'court', 'vip'] as const;
export type Register = (typeof REGISTERS)[number];

/**
 * A deadline rule: items matching register / category / priority (null matches anything) are due
 * `days` working (or calendar) days after they reached their holder (`basis` holder) or after they
 * were received (`basis` total). The most specific rule of each basis applies; the default (all
 * null, holder) is CSMOP para 60: 7 working days with one holder.
 */
export const PendencyRuleSchema = defineEntity({
  name: 'PendencyRule',
  tableName: 'pendency_rule',
  properties: {
    id: p.uuid().primary(),
    register: p.string().length(20).nullable(),
    category: p.string().length(80).nullable(),
    priority: p.string().length(20).nullable(),
    basis: p.string().length(10).$type<'holder' | 'total'>(),
    days: p.integer(),
    dayKind: p.string().length(10).$type<'working' | 'calendar'>(),
    remindBefore: p.integer().default(1),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type PendencyRule = InferEntity<typeof PendencyRuleSchema>;

/** Weekly offs of an office (null: the default for offices without their own, nor a parent's). */
export const WorkWeekSchema = defineEntity({
  name: 'WorkWeek',
  tableName: 'pendency_work_week',
  properties: {
    id: p.uuid().primary(),
    office: () => p.manyToOne(OfficeSchema).ref().nullable().unique(),
    /** ISO weekdays always off (7 = Sunday). */
    weeklyOff: p.array<number>((i: string) => Number(i)).$type<number[]>(),
    /** Saturdays of the month that are off (2, 4: the second and fourth). */
    saturdaysOff: p.array<number>((i: string) => Number(i)).$type<number[]>(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type WorkWeek = InferEntity<typeof WorkWeekSchema>;

/** A holiday of every office (office null) or of an office and the offices under it. */
export const HolidaySchema = defineEntity({
  name: 'Holiday',
  tableName: 'pendency_holiday',
  indexes: [{ properties: ['day'] }],
  properties: {
    id: p.uuid().primary(),
    office: () => p.manyToOne(OfficeSchema).ref().nullable(),
    day: p.date(),
    nameEn: p.string().length(200),
    nameHi: p.string().length(200),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Holiday = InferEntity<typeof HolidaySchema>;

/**
 * The working-day calendar of each office, generated from weekly offs and holidays
 * (working-calendar.ts): `ord` counts working days up to and including `day`, so "N working days
 * after d" is the working day whose ord is ord(d) + N — a lookup, in SQL as in the job.
 */
export const WorkingDaySchema = defineEntity({
  name: 'WorkingDay',
  tableName: 'pendency_working_day',
  primaryKeys: ['office', 'day'],
  indexes: [{ name: 'pendency_working_day_ord', expression: 'create index "pendency_working_day_ord" on "pendency_working_day" ("office_id", "ord") where "working"' }],
  properties: {
    office: () => p.manyToOne(OfficeSchema).primary().ref(),
    day: p.date().primary(),
    ord: p.integer(),
    working: p.boolean(),
  },
});

/** An item entered in a special register (RTI, court case, VIP/MP reference). */
export const ItemRegisterSchema = defineEntity({
  name: 'ItemRegister',
  tableName: 'pendency_register',
  primaryKeys: ['itemType', 'itemId'],
  indexes: [{ properties: ['register', 'setAt'] }],
  properties: {
    itemType: p.string().length(10).primary().$type<ItemType>(),
    itemId: p.uuid().primary(),
    register: p.string().length(20),
    reference: p.string().length(120).nullable(),
    setByPost: () => p.manyToOne(PostSchema).ref().nullable(),
    setByUser: () => p.manyToOne(UserSchema).ref().nullable(),
    setAt: p.datetime(),
  },
});

/** Why a holder keeps an item longer than its deadline (CSMOP para 60), for one holding. Append-only. */
export const DelayReasonSchema = defineEntity({
  name: 'DelayReason',
  tableName: 'pendency_delay_reason',
  indexes: [{ properties: ['itemType', 'itemId', 'createdAt'] }],
  properties: {
    id: p.uuid().primary(),
    itemType: p.string().length(10).$type<ItemType>(),
    itemId: p.uuid(),
    post: () => p.manyToOne(PostSchema).ref(),
    /** The holding it applies to: the item's held_since when it was recorded. */
    heldSince: p.datetime(),
    reason: p.text(),
    expectedBy: p.date(),
    user: () => p.manyToOne(UserSchema).ref(),
    createdAt: p.datetime(),
  },
});

/**
 * One row per pending item, kept by database triggers on receipt and efile (every code path that
 * moves, opens, closes or files an item keeps it right, in the same transaction): where it is
 * (office, section, post of the holder), since when, how old, and its due date — what the
 * dashboard aggregates. Computed by the view `pendency_source` (see the migration).
 */
export const PendencyItemSchema = defineEntity({
  name: 'PendencyItem',
  tableName: 'pendency_item',
  primaryKeys: ['itemType', 'itemId'],
  indexes: [
    { name: 'pendency_item_office', expression: 'create index "pendency_item_office" on "pendency_item" ("office_id") include ("holder_post_id", "item_type", "held_on", "started_on", "due_date", "reason_until", "parked", "grading")' },
    { properties: ['holderPost', 'heldSince'] },
    { properties: ['office', 'heldSince'] },
    { properties: ['heldSince', 'itemId'] },
    { properties: ['originOffice', 'startedOn'] },
    { name: 'pendency_item_due', expression: 'create index "pendency_item_due" on "pendency_item" ("due_date", "office_id")' },
    { name: 'pendency_item_graded', expression: `create index "pendency_item_graded" on "pendency_item" ("office_id", "holder_post_id") include ("access_posts") where "grading" <> 'normal'` },
  ],
  properties: {
    itemType: p.string().length(10).primary().$type<ItemType>(),
    itemId: p.uuid().primary(),
    office: () => p.manyToOne(OfficeSchema).ref(),
    sectionId: p.uuid().nullable(),
    holderPost: () => p.manyToOne(PostSchema).ref(),
    heldSince: p.datetime(),
    heldOn: p.date(),
    startedOn: p.date(),
    originOffice: () => p.manyToOne(OfficeSchema).ref(),
    priority: p.string().length(20),
    grading: p.string().length(20),
    category: p.string().length(80).nullable(),
    register: p.string().length(20).nullable(),
    parked: p.boolean(),
    explicitDue: p.date().nullable(),
    ruleDue: p.date().nullable(),
    registerDue: p.date().nullable(),
    dueDate: p.date().nullable(),
    dueSource: p.string().length(10).nullable(),
    remindOn: p.date().nullable(),
    reasonUntil: p.date().nullable(),
    /** The access list of a graded item (null for ungraded ones): what is withheld from a viewer is counted without a join. */
    accessPosts: p.array<string>().columnType('uuid[]').nullable().$type<string[]>(),
  },
});
export type PendencyItem = InferEntity<typeof PendencyItemSchema>;

/**
 * When items became pending (registered, opened, reopened) or stopped being pending (closed, put
 * in a file), by the office they belong to: appended by the same triggers, summed by week for the trend.
 */
export const PendencyEventSchema = defineEntity({
  name: 'PendencyEvent',
  tableName: 'pendency_event',
  indexes: [
    { name: 'pendency_event_at', expression: 'create index "pendency_event_at" on "pendency_event" ("at") include ("origin_office_id", "item_type", "kind")' },
    { properties: ['post', 'at'] },
  ],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    at: p.datetime(),
    itemType: p.string().length(10).$type<ItemType>(),
    itemId: p.uuid(),
    kind: p.string().length(10).$type<'received' | 'disposed'>(),
    originOffice: () => p.manyToOne(OfficeSchema).ref(),
    /** The holder when it happened. */
    post: () => p.manyToOne(PostSchema).ref(),
  },
});

/** Received / disposed per office per finished week (Monday, IST): past weeks do not change, so they are summed once. */
export const PendencyWeekSchema = defineEntity({
  name: 'PendencyWeek',
  tableName: 'pendency_week',
  primaryKeys: ['office', 'weekStart', 'itemType'],
  properties: {
    office: () => p.manyToOne(OfficeSchema).primary().ref(),
    weekStart: p.date().primary(),
    itemType: p.string().length(10).primary().$type<ItemType>(),
    received: p.integer(),
    disposed: p.integer(),
  },
});

/** Escalation level n notifies the n-th supervising post above the holder `afterDays` working days past the due date. */
export const EscalationLevelSchema = defineEntity({
  name: 'EscalationLevel',
  tableName: 'pendency_escalation_level',
  properties: {
    level: p.integer().primary().autoincrement(false),
    afterDays: p.integer(),
  },
});

/** A reminder or escalation sent for one holding of an item: unique, so the job never sends one twice. */
export const PendencyAlertSchema = defineEntity({
  name: 'PendencyAlert',
  tableName: 'pendency_alert',
  uniques: [{ properties: ['itemType', 'itemId', 'heldSince', 'kind', 'level'] }],
  properties: {
    id: p.uuid().primary(),
    itemType: p.string().length(10).$type<ItemType>(),
    itemId: p.uuid(),
    heldSince: p.datetime(),
    kind: p.string().length(20).$type<'reminder' | 'escalation'>(),
    level: p.integer(),
    holderPost: () => p.manyToOne(PostSchema).ref(),
    dueDate: p.date().nullable(),
    postIds: p.array<string>().$type<string[]>(),
    asOf: p.datetime(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type PendencyAlert = InferEntity<typeof PendencyAlertSchema>;

/** An in-app notification for a post (inboxes and notifications belong to posts, not persons). */
export const NotificationSchema = defineEntity({
  name: 'Notification',
  tableName: 'notification',
  indexes: [
    { properties: ['post', 'createdAt'] },
    { name: 'notification_unread', expression: 'create index "notification_unread" on "notification" ("post_id") where "read_at" is null' },
  ],
  properties: {
    id: p.uuid().primary(),
    post: () => p.manyToOne(PostSchema).ref(),
    kind: p.string().length(20).$type<'reminder' | 'escalation'>(),
    level: p.integer(),
    itemType: p.string().length(10).$type<ItemType>(),
    itemId: p.uuid(),
    holderPost: () => p.manyToOne(PostSchema).ref().nullable(),
    hidden: p.boolean(),
    number: p.string().length(120).nullable(),
    subject: p.text().nullable(),
    dueDate: p.date().nullable(),
    overdueDays: p.integer(),
    alertId: p.uuid().nullable(),
    createdAt: p.datetime(),
    readAt: p.datetime().nullable(),
    readBy: () => p.manyToOne(UserSchema).ref().nullable(),
  },
});
export type Notification = InferEntity<typeof NotificationSchema>;

/**
 * Changes to pendency_item as they happen (its triggers append −1 for the old row, +1 for the new):
 * insert-only, so concurrent moves never wait on each other here. A job folds them into the
 * tallies every minute; the dashboard reads tallies plus what is not folded yet.
 * Absent values are stored as sentinels ('' register, 'infinity' due, '-infinity' reason) so the
 * tallies can key on them.
 */
export const PendencyDeltaSchema = defineEntity({
  name: 'PendencyDelta',
  tableName: 'pendency_delta',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    holderPostId: p.uuid(),
    originOfficeId: p.uuid(),
    itemType: p.string().length(10),
    register: p.string().length(20),
    parked: p.boolean(),
    graded: p.boolean(),
    heldOn: p.date(),
    startedOn: p.date(),
    dueDate: p.date(),
    reasonUntil: p.date(),
    n: p.smallint(),
  },
});

/** Pending items per post by the day they reached it (dwell buckets, parked, graded). */
export const TallyHeldSchema = defineEntity({
  name: 'TallyHeld',
  tableName: 'pendency_tally_held',
  primaryKeys: ['holderPostId', 'itemType', 'register', 'parked', 'graded', 'heldOn'],
  properties: {
    holderPostId: p.uuid().primary(),
    itemType: p.string().length(10).primary(),
    register: p.string().length(20).primary(),
    parked: p.boolean().primary(),
    graded: p.boolean().primary(),
    heldOn: p.date().primary(),
    n: p.integer(),
  },
});

/** Pending items per post by the day they were received or opened (age buckets). */
export const TallyStartedSchema = defineEntity({
  name: 'TallyStarted',
  tableName: 'pendency_tally_started',
  primaryKeys: ['holderPostId', 'itemType', 'register', 'startedOn'],
  properties: {
    holderPostId: p.uuid().primary(),
    itemType: p.string().length(10).primary(),
    register: p.string().length(20).primary(),
    startedOn: p.date().primary(),
    n: p.integer(),
  },
});

/** Pending items per post by due date and delay-reason date (overdue, with or without reason, due soon). */
export const TallyDueSchema = defineEntity({
  name: 'TallyDue',
  tableName: 'pendency_tally_due',
  primaryKeys: ['holderPostId', 'itemType', 'register', 'dueDate', 'reasonUntil'],
  properties: {
    holderPostId: p.uuid().primary(),
    itemType: p.string().length(10).primary(),
    register: p.string().length(20).primary(),
    dueDate: p.date().primary(),
    reasonUntil: p.date().primary(),
    n: p.integer(),
  },
});

/** Pending items by the office they were registered in (the trend's "pending at week end"). */
export const TallyOriginSchema = defineEntity({
  name: 'TallyOrigin',
  tableName: 'pendency_tally_origin',
  primaryKeys: ['originOfficeId', 'itemType', 'register'],
  properties: {
    originOfficeId: p.uuid().primary(),
    itemType: p.string().length(10).primary(),
    register: p.string().length(20).primary(),
    n: p.integer(),
  },
});

export const pendencyEntities = [PendencyDeltaSchema, TallyHeldSchema, TallyStartedSchema, TallyDueSchema, TallyOriginSchema, PendencyRuleSchema, WorkWeekSchema, HolidaySchema, WorkingDaySchema, ItemRegisterSchema, DelayReasonSchema, PendencyItemSchema, PendencyEventSchema, PendencyWeekSchema, EscalationLevelSchema, PendencyAlertSchema, NotificationSchema];
