// Accessible tables: a caption, column headers with scope, and (when sortable) header buttons that sort by a
// column and announce the order with aria-sort. Keyboard: Tab to a header button, Enter or Space sorts.
import type { Row } from './api.ts';

interface TableColumn {
  readonly key: string;
  readonly label: string;
  /** Text cells align left and sort as text; the others are numbers. */
  readonly text?: boolean;
  readonly render: (row: Row) => string | Node;
}

interface SortState {
  key: string;
  direction: 'ascending' | 'descending';
}

function compare(a: Row, b: Row, column: TableColumn): number {
  const [x, y] = [a[column.key], b[column.key]];
  if (x === y) return 0;
  if (x === null || x === undefined) return 1;
  if (y === null || y === undefined) return -1;
  return column.text ? String(x).localeCompare(String(y)) : Number(x) - Number(y);
}

function cell(tag: 'td' | 'th', content: string | Node, text: boolean | undefined): HTMLElement {
  const element = document.createElement(tag);
  if (text) element.className = 'text';
  element.append(content);
  return element;
}

/**
 * Renders `rows` into `table` under `caption`. With `sort`, headers become sort buttons and the table keeps its
 * order across updates. Returns a function that renders new rows.
 */
function createTable(
  table: HTMLTableElement,
  columns: readonly TableColumn[],
  caption: string,
  sort?: SortState,
): (rows: readonly Row[]) => void {
  let current: readonly Row[] = [];
  const render = () => {
    const sorted = [...current];
    const column = columns.find((item) => item.key === sort?.key);
    if (sort && column) {
      sorted.sort((a, b) => (sort.direction === 'ascending' ? 1 : -1) * compare(a, b, column));
    }
    const head = document.createElement('tr');
    for (const item of columns) {
      const th = cell('th', '', item.text);
      th.setAttribute('scope', 'col');
      if (sort) {
        th.setAttribute('aria-sort', sort.key === item.key ? sort.direction : 'none');
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = item.label;
        button.dataset.key = item.key;
        button.addEventListener('click', () => {
          const ascending = sort.key === item.key && sort.direction === 'descending';
          Object.assign(sort, { key: item.key, direction: ascending ? 'ascending' : 'descending' });
          render();
          table.querySelector<HTMLButtonElement>(`th button[data-key="${item.key}"]`)?.focus();
        });
        th.append(button);
      } else {
        th.textContent = item.label;
      }
      head.append(th);
    }
    const body = document.createElement('tbody');
    for (const row of sorted) {
      const tr = document.createElement('tr');
      for (const item of columns) tr.append(cell('td', item.render(row), item.text));
      body.append(tr);
    }
    if (sorted.length === 0) {
      const tr = document.createElement('tr');
      const td = cell('td', 'No rows for these filters.', true);
      (td as HTMLTableCellElement).colSpan = columns.length;
      tr.append(td);
      body.append(tr);
    }
    const captionElement = document.createElement('caption');
    captionElement.textContent = caption;
    const thead = document.createElement('thead');
    thead.append(head);
    table.replaceChildren(captionElement, thead, body);
  };
  return (rows) => {
    current = rows;
    render();
  };
}

export type { TableColumn };
export { createTable };
