// Button and summary labels for ChartFrame. The views pass them in (the frame itself has no
// language); these are the defaults the views can pass for each locale.

import type { Locale } from './types.ts';

export interface FrameLabels {
  downloadCsv: string;
  downloadSvg: string;
  downloadPng: string;
  /** Summary of the <details> holding the data table. */
  table: string;
}

export const FRAME_LABELS: Record<Locale, FrameLabels> = {
  zh: { downloadCsv: '下载 CSV', downloadSvg: '下载 SVG', downloadPng: '下载 PNG', table: '数据表' },
  en: { downloadCsv: 'Download CSV', downloadSvg: 'Download SVG', downloadPng: 'Download PNG', table: 'Data table' },
};
