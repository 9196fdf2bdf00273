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

/** Pages by the API's opaque cursor: forward by a page's nextCursor, back through the cursors seen. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors[cursors.length - 1],
    number: cursors.length,
    first: () => setCursors([undefined]),
    back: () => setCursors(cursors.slice(0, -1)),
    forward: (next: string) => setCursors([...cursors, next]),
  };
}

export function Pager({ label, pages, nextCursor }: { label: string; pages: ReturnType<typeof useCursorPages>; nextCursor?: string }) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={pages.number === 1} onClick={pages.back}>
        Previous page
      </button>
      <span aria-live="polite">Page {pages.number}</span>
      <button type="button" disabled={!nextCursor} onClick={() => nextCursor && pages.forward(nextCursor)}>
        Next page
      </button>
    </nav>
  );
}

/** A live, paginated list with the API's filters: exact name and labels (`key:value`, all must match). */
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
  const pages = useCursorPages();
  const cursor = pages.cursor;
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
          pages.first();
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
      <Pager label={`${caption} pages`} pages={pages} nextCursor={data?.nextCursor} />
    </div>
  );
}
