// Options the filter bars of the desk and the pendency reports share.
type Translate = (key: string) => string;

/** "Overdue only / Not overdue" (a due-date filter); `noReason` adds "overdue without a reason". */
export function overdueOptions(t: Translate, noReason = false): { value: string; label: string }[] {
  return [
    { value: 'overdue', label: t('inbox.overdueOnly') },
    ...(noReason ? [{ value: 'noReason', label: t('pendency.items.noReasonOnly') }] : []),
    { value: 'ontime', label: t('inbox.notOverdue') },
  ];
}
