/** A file a use case hands back for download or printing (a PDF, a CSV), written to the response by `http/download.ts`. */
export interface DownloadFile {
  /** ASCII file name (diary numbers' slashes and other characters replaced). */
  filename: string;
  contentType: string;
  body: Buffer | string;
  /** `inline`: the browser shows it (to print); `attachment`: it is saved. Default: inline for PDFs, attachment otherwise. */
  disposition?: 'inline' | 'attachment';
}

/** A name safe in a file name and a Content-Disposition header: letters, digits, dot, dash, underscore. */
export const fileSafe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'document';

export const PDF = 'application/pdf';
export const CSV = 'text/csv; charset=utf-8';
