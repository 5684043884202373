// How the RTS dashboard writes its figures: percentages with up to two decimals, days with one or two,
// counts with Indian digit grouping; a figure without a denominator is a dash.
const grouping = new Intl.NumberFormat('en-IN');
const decimals = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2 });

export const count = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : grouping.format(n));
export const percent = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${decimals.format(x)}%`);
export const days = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : decimals.format(x));
export const rupees = (x: number): string => `₹${grouping.format(x)}`;
