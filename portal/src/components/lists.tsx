import { useState, type ReactNode } from 'react';
import { usePolling, type Request } from '../poll';
import { Loading } from './ui';
import { ProblemAlert } from './forms';

export interface Filters {
  name?: string;
  label?: string[];
  cursor?: string;
  limit: number;
}

export interface Column<T> {
  header: string;
  cell: (item: T) => ReactNode;
}

const PAGE_SIZE = 20;

/**
 * A live, paginated list with the API's filters: exact name and labels (`key:value`, all must match).
 * Pages go forward by the API's opaque cursor; the cursors seen are kept to go back.
 */
export function ResourceTable<T extends { id: string }>({
  caption, load, columns, empty,
}: {
  caption: string;
  load: (filters: Filters) => Request<{ items: T[]; nextCursor?: string }>;
  columns: Column<T>[];
  empty: ReactNode;
}) {
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [applied, setApplied] = useState<{ name: string; label: string }>({ name: '', label: '' });
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const filters: Filters = {
    limit: PAGE_SIZE,
    ...(applied.name ? { name: applied.name } : {}),
    ...(applied.label ? { label: applied.label.split(/\s+/).filter(Boolean) } : {}),
    ...(cursor ? { cursor } : {}),
  };
  const { data, problem } = usePolling(load(filters), [applied.name, applied.label, cursor]);

  return (
    <div>
      <form
        className="filters"
        role="search"
        aria-label={`Filter ${caption}`}
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ name: name.trim(), label: label.trim() });
          setCursors([undefined]);
        }}
      >
        <div className="field">
          <label htmlFor="filter-name">Name</label>
          <input id="filter-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="exact name" />
        </div>
        <div className="field">
          <label htmlFor="filter-label">Labels</label>
          <input id="filter-label" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="site:fra env:prod" />
        </div>
        <button type="submit">Filter</button>
      </form>
      <ProblemAlert problem={problem} />
      {!data && !problem && <Loading />}
      {data && data.items.length === 0 && <p className="muted">{empty}</p>}
      {data && data.items.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.header} scope="col">
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.id}>
                  {columns.map((c) => (
                    <td key={c.header} data-label={c.header}>
                      {c.cell(item)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label={`${caption} pages`}>
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous page
        </button>
        <span aria-live="polite">Page {cursors.length}</span>
        <button type="button" disabled={!data?.nextCursor} onClick={() => setCursors([...cursors, data?.nextCursor])}>
          Next page
        </button>
      </nav>
    </div>
  );
}
