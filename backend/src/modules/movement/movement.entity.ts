import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PostSchema, UserSchema } from '../org/index.js';

/** Item kinds as stored (varchar(10) columns): an application is 'appln', as Indian offices abbreviate it. */
export const ITEM_TYPES = ['receipt', 'file', 'appln'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
export const MOVEMENT_KINDS = ['send', 'copy', 'pull_back', 'return'] as const;

/**
 * A receipt or file moving from one post to another (append-only). A `copy` marks the item to a
 * post for information, read-only. Pulling back is allowed until the recipient opens it.
 */
export const MovementSchema = defineEntity({
  name: 'Movement',
  tableName: 'movement',
  indexes: [{ properties: ['itemType', 'itemId'] }, { properties: ['toPost', 'sentAt'] }, { properties: ['fromPost', 'sentAt'] }],
  properties: {
    id: p.uuid().primary(),
    itemType: p.string().length(10).$type<ItemType>(),
    itemId: p.uuid(),
    kind: p.string().length(20).$type<(typeof MOVEMENT_KINDS)[number]>(),
    fromPost: () => p.manyToOne(PostSchema).ref(),
    toPost: () => p.manyToOne(PostSchema).ref(),
    sentBy: () => p.manyToOne(UserSchema).ref(),
    remarks: p.text().nullable(),
    priority: p.string().length(20),
    dueDate: p.date().nullable(),
    sentAt: p.datetime(),
    openedAt: p.datetime().nullable(),
    openedBy: () => p.manyToOne(UserSchema).ref().nullable(),
  },
});
export type Movement = InferEntity<typeof MovementSchema>;

/**
 * Who may see an item: every post it has been with, sent from, or copied to. Graded items are
 * visible only through this table; what is not here does not exist for the user (404).
 */
export const ItemAccessSchema = defineEntity({
  name: 'ItemAccess',
  tableName: 'item_access',
  primaryKeys: ['itemType', 'itemId', 'post'],
  indexes: [{ properties: ['post', 'itemType'] }],
  properties: {
    itemType: p.string().length(10).primary().$type<ItemType>(),
    itemId: p.uuid().primary(),
    post: () => p.manyToOne(PostSchema).primary().ref(),
    readOnly: p.boolean(),
    grantedAt: p.datetime().onCreate(() => new Date()),
  },
});
