import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PostSchema, UserSchema } from '../org/index.js';

/** A login session. The id is sha256 of the cookie token, so a database leak yields no live cookies. */
export const SessionSchema = defineEntity({
  name: 'Session',
  tableName: 'session',
  properties: {
    id: p.string().length(64).primary(),
    user: () => p.manyToOne(UserSchema).ref().index(),
    actingPost: () => p.manyToOne(PostSchema).nullable().ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastSeenAt: p.datetime(),
    expiresAt: p.datetime().index(),
    clientIp: p.string().length(64),
    userAgent: p.string().length(300).nullable(),
  },
});
export type Session = InferEntity<typeof SessionSchema>;
