/** What the page viewer needs of a page; receipt pages and a file's correspondence pages (`pageNo` = p. N/C) both fit. */
export interface ViewerPage {
  id: string;
  pageNo: number;
  status: string;
  ocrText: string | null;
  ocrConfidence?: number | null;
  images: { page: string; preview: string; thumb: string };
}
