/** Keywords typed as one line ("theft, Kotwali; 379 IPC") → the list the API takes: trimmed, unique, at most 20 of 60 characters. */
export function parseKeywords(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[,;\n]/)) {
    const k = raw.trim().replace(/\s+/g, ' ').slice(0, 60);
    if (k && !out.some((o) => o.toLowerCase() === k.toLowerCase())) out.push(k);
  }
  return out.slice(0, 20);
}
