import { useEffect, useState } from 'react';
import { api, type TrafficPoint } from '../api/client';
import { expectData, toProblem, type Problem } from '../api/problem';
import { formatBytes } from '../components/ui';
import { POLL_MILLIS } from '../poll';

const RANGES = [
  { label: 'Last hour', seconds: 3600, step: 60 },
  { label: 'Last day', seconds: 86400, step: 900 },
] as const;

type Metric = 'bytes' | 'packets';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 64, right: 12, top: 12, bottom: 28 };

function path(points: TrafficPoint[], value: (p: TrafficPoint) => number, x: (i: number) => number, y: (v: number) => number) {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(value(p)).toFixed(1)}`).join(' ');
}

/**
 * Bytes or packets in and out over the last hour or day, from the tunnel's traffic history: a small SVG
 * chart (two lines, the axis labelled), with the same figures as a table for screen readers.
 */
export function TrafficChart({ tunnelId }: { tunnelId: string }) {
  const [range, setRange] = useState<(typeof RANGES)[number]>(RANGES[0]);
  const [metric, setMetric] = useState<Metric>('bytes');
  const [points, setPoints] = useState<TrafficPoint[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = () => {
      const to = new Date();
      const from = new Date(to.getTime() - range.seconds * 1000);
      expectData(api.GET('/v1/tunnels/{id}/traffic', {
        params: { path: { id: tunnelId }, query: { from: from.toISOString(), to: to.toISOString(), step: range.step } },
      })).then(
        (h) => !stopped && (setPoints(h.points), setProblem(null)),
        (e) => !stopped && setProblem(toProblem(e)),
      );
    };
    load();
    const timer = window.setInterval(load, POLL_MILLIS * 5);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [tunnelId, range]);

  const inOf = (p: TrafficPoint) => (metric === 'bytes' ? p.bytesIn : p.packetsIn);
  const outOf = (p: TrafficPoint) => (metric === 'bytes' ? p.bytesOut : p.packetsOut);
  const data = points ?? [];
  const max = Math.max(1, ...data.map(inOf), ...data.map(outOf));
  const x = (i: number) => PAD.left + (i * (WIDTH - PAD.left - PAD.right)) / Math.max(1, data.length - 1);
  const y = (v: number) => HEIGHT - PAD.bottom - (v / max) * (HEIGHT - PAD.top - PAD.bottom);
  const fmt = (v: number) => (metric === 'bytes' ? formatBytes(v) : String(Math.round(v)));

  return (
    <section aria-labelledby="traffic">
      <h2 id="traffic">Traffic</h2>
      <div className="inline-form" role="group" aria-label="Chart options">
        {RANGES.map((r) => (
          <button key={r.label} type="button" aria-pressed={r === range} onClick={() => setRange(r)}>{r.label}</button>
        ))}
        {(['bytes', 'packets'] as const).map((m) => (
          <button key={m} type="button" aria-pressed={m === metric} onClick={() => setMetric(m)}>{m}</button>
        ))}
      </div>
      {problem && <p className="muted">No traffic history: {problem.detail ?? problem.title}</p>}
      {points && (
        <figure className="chart">
          <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${metric} in and out, ${range.label.toLowerCase()}`}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="axis" />
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max)} y2={y(max)} className="grid" />
            <text x={PAD.left - 6} y={y(max) + 4} textAnchor="end">{fmt(max)}</text>
            <text x={PAD.left - 6} y={y(0) + 4} textAnchor="end">0</text>
            <text x={PAD.left} y={HEIGHT - 8}>{range.label.toLowerCase()}</text>
            <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end">now</text>
            {data.length > 0 && <path d={path(data, inOf, x, y)} className="series-in" />}
            {data.length > 0 && <path d={path(data, outOf, x, y)} className="series-out" />}
          </svg>
          <figcaption>
            <span className="key-in">in</span> <span className="key-out">out</span>, per {range.step >= 60 ? `${range.step / 60} min` : `${range.step} s`}
            {data.length === 0 && ' — nothing recorded yet'}
          </figcaption>
          <table className="visually-hidden">
            <caption>Traffic per step</caption>
            <thead><tr><th scope="col">Time</th><th scope="col">In</th><th scope="col">Out</th></tr></thead>
            <tbody>
              {data.map((p) => <tr key={p.at}><td>{p.at}</td><td>{fmt(inOf(p))}</td><td>{fmt(outOf(p))}</td></tr>)}
            </tbody>
          </table>
        </figure>
      )}
    </section>
  );
}
