/**
 * What every kind of item that moves between posts carries, whatever its kind (receipts, files, and
 * next applications): a priority and a security grading.
 */
export const GRADINGS = ['normal', 'confidential', 'secret'] as const;
export const PRIORITIES = ['normal', 'immediate', 'most_immediate'] as const;
export type Grading = (typeof GRADINGS)[number];
export type Priority = (typeof PRIORITIES)[number];

/** Most immediate first: the rank the inbox sorts by (the same expression is indexed). */
export const PRIORITY_RANK = (column = 'priority') => `case ${column} when 'most_immediate' then 0 when 'immediate' then 1 else 2 end`;
