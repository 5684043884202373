import { reactive } from 'vue';

/**
 * What the user just did to an item from a pendency list or panel ("Reminder sent to …", "Reason saved"), by
 * item. Kept here rather than in the row's own component: the refetch that follows the action — or a live update
 * that overtakes the action's answer — takes the done action away from the row's abilities, which can unmount the
 * row's actions; the confirmation must stay. Rendered when read, so it follows a change of language.
 */
const notices = reactive(new Map<string, () => string>());
const keyOf = (type: string, id: string) => `${type}:${id}`;

export const actionNotice = (type: string, id: string): string => notices.get(keyOf(type, id))?.() ?? '';
export const hasActionNotice = (type: string, id: string): boolean => notices.has(keyOf(type, id));
export const setActionNotice = (type: string, id: string, text: () => string): void => {
  notices.set(keyOf(type, id), text);
};
