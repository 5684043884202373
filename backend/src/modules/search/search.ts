import type { Scope } from '../../shared/scope.js';
import { searchReceipts } from '../dak/search-receipts.js';
import { searchFiles } from '../files/search-files.js';
import type { SearchQuery } from '../dak/dak.schemas.js';

/**
 * One search over receipts (subjects, senders, numbers, OCR text) and files (numbers, subjects,
 * keywords, notes): each side returns its best hits up to the end of the asked page, merged by
 * rank. Only what the user may see is searched.
 */
export async function search(scope: Scope, q: SearchQuery) {
  const limit = q.page * q.pageSize;
  const { page, pageSize, type, ...filters } = q;
  const receiptStatus = filters.status === 'open' ? undefined : filters.status;
  const fileStatus = filters.status === 'open' || filters.status === 'closed' ? filters.status : filters.status === undefined ? undefined : null;
  const [receipts, files] = await Promise.all([
    type === 'file' || filters.status === 'open' ? { items: [], total: 0 } : searchReceipts(scope, { ...filters, status: receiptStatus, limit }),
    type === 'receipt' || fileStatus === null ? { items: [], total: 0 } : searchFiles(scope, { ...filters, status: fileStatus, limit }),
  ]);
  const merged = [...receipts.items, ...files.items].sort((a, b) => b.rank - a.rank);
  return { items: merged.slice((page - 1) * pageSize, page * pageSize), total: receipts.total + files.total, page, pageSize };
}
