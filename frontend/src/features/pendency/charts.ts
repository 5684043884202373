import { BarElement, CategoryScale, Chart, Legend, LinearScale, LineElement, PointElement, Tooltip, type ChartData } from 'chart.js';
import type { Locale } from '../../api/types';
import { formatDayMonth } from '../../composables/dates';
import { BUCKET_KEYS, type Basis, type PendencyCounts, type TrendWeek } from './types';

// Only the chart.js parts the two dashboard charts use (vue-chartjs registers the bar and line controllers itself).
Chart.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, Tooltip, Legend);

/** What every dashboard chart shares: sized by its box, no animation, the legend below, whole counts of items up the side. */
export function chartOptions(t: (key: string) => string, xTitle: string) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    plugins: { legend: { position: 'bottom' as const } },
    scales: {
      y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: t('pendency.charts.items') } },
      x: { title: { display: true, text: xTitle } },
    },
  };
}

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics). */
export const CHART_COLOURS = { dwell: '#1d4ed8', age: '#b45309', received: '#1d4ed8', disposed: '#15803d', pending: '#b91c1c' } as const;

/** Bars of the four age buckets: one series for the basis in view, or both. */
export function bucketChartData(
  totals: PendencyCounts,
  labels: { buckets: readonly string[]; dwell: string; age: string },
  bases: readonly Basis[],
): ChartData<'bar'> {
  return {
    labels: [...labels.buckets],
    datasets: bases.map((b) => ({
      label: labels[b],
      data: BUCKET_KEYS.map((k) => totals[b][k]),
      backgroundColor: CHART_COLOURS[b],
    })),
  };
}

/** "7 Sep" / "7 सित॰" for a week's Monday. */
export function weekLabel(weekStart: string, locale: Locale): string {
  return formatDayMonth(weekStart, locale);
}

/** Lines of the weekly trend: received, disposed and pending at the end of each week, oldest week first. */
export function trendChartData(
  trend: readonly TrendWeek[],
  locale: Locale,
  labels: { received: string; disposed: string; pending: string },
): ChartData<'line'> {
  const line = (label: string, colour: string, data: number[], dash?: number[]) => ({
    label,
    data,
    borderColor: colour,
    backgroundColor: colour,
    pointRadius: 3,
    tension: 0.2,
    ...(dash ? { borderDash: dash } : {}),
  });
  return {
    labels: trend.map((w) => weekLabel(w.weekStart, locale)),
    datasets: [
      line(
        labels.received,
        CHART_COLOURS.received,
        trend.map((w) => w.received),
      ),
      line(
        labels.disposed,
        CHART_COLOURS.disposed,
        trend.map((w) => w.disposed),
        [6, 4],
      ),
      line(
        labels.pending,
        CHART_COLOURS.pending,
        trend.map((w) => w.pendingAtEnd),
        [2, 3],
      ),
    ],
  };
}
