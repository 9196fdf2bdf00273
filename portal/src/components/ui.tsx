import { useState, type ReactNode } from 'react';
import type { TunnelStatus } from '../api/client';

/** Statuses that need someone's attention, worst first; the overview lists these tunnels first. */
export const TROUBLE: readonly TunnelStatus[] = [
  'AUTHENTICATION_FAILED', 'PROPOSAL_MISMATCH', 'TS_MISMATCH', 'DOWN', 'NO_INCOMING_PACKETS',
];
const WAITING: readonly TunnelStatus[] = ['UNKNOWN', 'PROVISIONING', 'WAITING_FOR_PEER', 'NEGOTIATING'];

export function statusTone(status: TunnelStatus): 'bad' | 'wait' | 'good' {
  return TROUBLE.includes(status) ? 'bad' : WAITING.includes(status) ? 'wait' : 'good';
}

/** A status as words and a shape, never as colour alone. */
export function StatusBadge({ status }: { status: TunnelStatus }) {
  const tone = statusTone(status);
  const mark = tone === 'bad' ? '✕' : tone === 'wait' ? '…' : '✓';
  return (
    <span className={`badge ${tone}`} data-status={status}>
      <span aria-hidden="true">{mark} </span>
      {status.replaceAll('_', ' ').toLowerCase()}
    </span>
  );
}

export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {actions && <div className="actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/** Text to copy (a command, a secret shown once), with a button that copies it. */
export function CopyBlock({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
  };
  return (
    <div className="copy-block">
      <div className="copy-head">
        <span>{label}</span>
        <button type="button" onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre tabIndex={0} aria-label={label}>
        {text}
      </pre>
    </div>
  );
}

export function Loading() {
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}

export function formatTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
