/**
 * A grouped bar chart in vector graphics: one group per category (department), one bar per series,
 * a value axis with round steps, a legend. Drawn with pdfkit paths, so it prints sharp and its
 * labels are text that can be searched and copied.
 */
import type { ChartBlock } from '../template/layout.js';
import type { PageFlow } from './pageFlow.js';
import { RULE_COLOR, TEXT_COLOR } from './pageFlow.js';
import { lineHeightOf, useStyle, wrapText } from './textLayout.js';

const AXIS_WIDTH = 34;
const LABEL_LINES = 2;

/** A step of 1, 2 or 5 × 10^n that gives at most `maxTicks` gridlines up to `max`. */
export function niceStep(max: number, maxTicks = 6): number {
  if (max <= 0) return 1;
  const rough = max / maxTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  return Math.max(step, 1);
}

export function writeBarChart(
  flow: PageFlow,
  chart: ChartBlock,
  fontSize: number,
  formatNumber: (value: number) => string,
): void {
  const { doc } = flow;
  const small = Math.max(fontSize - 1, 6);
  const labelHeight = LABEL_LINES * lineHeightOf(small) + 4;
  const titleHeight = chart.title ? lineHeightOf(fontSize + 1) + 4 : 0;
  const legendHeight = lineHeightOf(small) + 8;
  flow.ensure(titleHeight + legendHeight + chart.height + labelHeight);

  let y = flow.y + 4;
  if (chart.title) {
    useStyle(doc, { size: fontSize + 1, bold: true });
    doc.fillColor(TEXT_COLOR).text(chart.title, flow.left, y, { lineBreak: false });
    y += titleHeight;
  }

  // Legend: a swatch and the series name, side by side.
  useStyle(doc, { size: small, bold: false });
  let legendX = flow.left + AXIS_WIDTH;
  for (const series of chart.series) {
    doc
      .rect(legendX, y + 1, 8, 8)
      .fillColor(series.color)
      .fill();
    doc.fillColor(TEXT_COLOR).text(series.label, legendX + 11, y, { lineBreak: false });
    legendX += 11 + doc.widthOfString(series.label) + 14;
  }
  y += legendHeight;

  const plotTop = y;
  const plotBottom = y + chart.height;
  const plotLeft = flow.left + AXIS_WIDTH;
  const plotWidth = flow.right - plotLeft;
  const max = Math.max(0, ...chart.categories.flatMap((category) => category.values));
  const step = niceStep(max);
  // Headroom above the tallest bar for its value label.
  const top = Math.max(step, Math.ceil((max * 1.08) / step) * step);
  const scale = (value: number): number => (value / top) * chart.height;

  doc.lineWidth(0.3).strokeColor('#cbd2d9');
  for (let tick = 0; tick <= top; tick += step) {
    const tickY = plotBottom - scale(tick);
    doc.moveTo(plotLeft, tickY).lineTo(flow.right, tickY).stroke();
    const text = formatNumber(tick);
    doc
      .fillColor(TEXT_COLOR)
      .text(text, plotLeft - 4 - doc.widthOfString(text), tickY - small / 2, { lineBreak: false });
  }

  const groups = Math.max(chart.categories.length, 1);
  const groupWidth = plotWidth / groups;
  const barWidth = Math.min(28, (groupWidth * 0.8) / Math.max(chart.series.length, 1));
  chart.categories.forEach((category, index) => {
    const groupLeft = plotLeft + index * groupWidth;
    const barsLeft = groupLeft + (groupWidth - barWidth * chart.series.length) / 2;
    category.values.forEach((value, seriesIndex) => {
      const height = scale(value);
      const x = barsLeft + seriesIndex * barWidth;
      if (height > 0)
        doc
          .rect(x + 0.5, plotBottom - height, barWidth - 1, height)
          .fillColor(chart.series[seriesIndex]?.color ?? '#888888')
          .fill();
      if (barWidth >= 12 && value > 0) {
        const text = formatNumber(value);
        doc
          .fillColor(TEXT_COLOR)
          .text(text, x + (barWidth - doc.widthOfString(text)) / 2, plotBottom - height - small - 1, {
            lineBreak: false,
          });
      }
    });
    let labelY = plotBottom + 3;
    for (const line of wrapText(doc, category.label, groupWidth - 4).slice(0, LABEL_LINES)) {
      doc
        .fillColor(TEXT_COLOR)
        .text(line, groupLeft + (groupWidth - doc.widthOfString(line)) / 2, labelY, { lineBreak: false });
      labelY += lineHeightOf(small);
    }
  });

  doc.lineWidth(0.8).strokeColor(RULE_COLOR);
  doc.moveTo(plotLeft, plotTop).lineTo(plotLeft, plotBottom).lineTo(flow.right, plotBottom).stroke();
  flow.y = plotBottom + labelHeight + 6;
}
