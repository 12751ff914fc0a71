/**
 * The dashboard's charts (issue 19), drawn with Chart.js over the figures the page already shows
 * as tables: each `[data-chart]` container holds its chart's data as JSON (labels, series, and the
 * register link behind each bar or point). Without JavaScript the tables are the whole page; with
 * it, a click on a bar or point opens the same list the table's figure links to.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

interface Series {
  label: string;
  values: number[];
  /** The list behind each value, or null where there is none. */
  links: (string | null)[];
}

interface ChartData {
  kind: 'bar' | 'line' | 'stacked';
  title: string;
  labels: string[];
  series: Series[];
}

/** Colours that keep apart for the common colour blindnesses (Okabe–Ito). */
const COLOURS = ['#0072B2', '#009E73', '#D55E00', '#CC79A7', '#E69F00', '#56B4E9'];

function configuration(data: ChartData): ChartConfiguration<'bar' | 'line'> {
  const stacked = data.kind === 'stacked';
  return {
    type: data.kind === 'line' ? 'line' : 'bar',
    data: {
      labels: data.labels,
      datasets: data.series.map((series, index) => ({
        label: series.label,
        data: series.values,
        backgroundColor: COLOURS[index % COLOURS.length],
        borderColor: COLOURS[index % COLOURS.length],
        tension: 0.2,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: stacked ? 'y' : 'x',
      scales: {
        x: { stacked, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { position: 'bottom' } },
      onClick(_event, elements) {
        const [element] = elements;
        const link = element ? data.series[element.datasetIndex]?.links[element.index] : null;
        if (link) window.location.assign(link);
      },
      onHover(event, elements) {
        const target = event.native?.target;
        if (target instanceof HTMLElement) target.style.cursor = elements.length > 0 ? 'pointer' : '';
      },
    },
  };
}

for (const container of document.querySelectorAll<HTMLElement>('[data-chart]')) {
  try {
    const data = JSON.parse(container.dataset.chart ?? '') as ChartData;
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', data.title);
    // Sized by the stylesheet once marked: without JavaScript the empty container takes no room.
    container.dataset.rendered = 'true';
    container.append(canvas);
    new Chart(canvas, configuration(data));
  } catch (error) {
    container.dataset.error = error instanceof Error ? error.message : String(error);
  }
}
