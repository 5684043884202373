import type { SelectPassThroughOptions } from 'primevue/select';

/** Pass-through for a Select that gives every option `data-testid="<prefix>-<option[key]>"`. */
export function selectOptionTestIds(prefix: string, key = 'id'): SelectPassThroughOptions {
  return {
    option: ({ context }) => ({ 'data-testid': `${prefix}-${String((context.option as Record<string, unknown>)[key])}` }),
  };
}
