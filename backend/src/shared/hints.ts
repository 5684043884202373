/**
 * Realtime messages are hints, never payloads: "these ids of this entity changed, refetch them
 * through the API" — so authorization is always the API's.
 */
export type HintEntity =
  | 'me'
  | 'office'
  | 'area'
  | 'section'
  | 'post'
  | 'user'
  | 'charge'
  | 'receipt'
  | 'file'
  | 'inbox'
  | 'job'
  | 'pendency'
  | 'notification'
  | 'dispatch'
  | 'certificate'
  | 'appln'
  | 'pass'
  /** a Right to Service appeal (ids: appeals) */
  | 'appeal'
  /** a gate's entries and exits (ids: the office): who is inside now */
  | 'gate'
  /** the RTS dashboard's figures changed in these offices (an application filed, decided, rated) */
  | 'rts';
export interface Hint {
  entity: HintEntity;
  ids: string[];
}

export type Room = `post:${string}` | `office:${string}` | `user:${string}` | `session:${string}` | 'org';

export const rooms = {
  post: (id: string): Room => `post:${id}`,
  office: (id: string): Room => `office:${id}`,
  user: (id: string): Room => `user:${id}`,
  session: (id: string): Room => `session:${id}`,
  /** Every signed-in socket: org structure is visible to all staff. */
  org: 'org' as Room,
};
