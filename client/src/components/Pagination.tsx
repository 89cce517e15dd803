interface PaginationProps {
  page: number;
  pages: number;
  /** more pages follow than `pages` counts (the total was counted up to the server's limit) */
  more?: boolean;
  onPage(page: number): void;
}

export function Pagination({ page, pages, more = false, onPage }: PaginationProps) {
  if (pages <= 1 && !more) return null;
  return (
    <nav className="pagination" aria-label="Pages">
      <button
        type="button"
        className="button"
        onClick={() => onPage(page - 1)}
        disabled={page <= 1}
      >
        <span aria-hidden="true">← </span>Previous
      </button>
      <span aria-current="page" data-testid="page-indicator">
        Page {page} of {Math.max(page, pages).toLocaleString()}
        {more ? '+' : ''}
      </span>
      <button
        type="button"
        className="button"
        onClick={() => onPage(page + 1)}
        disabled={page >= pages && !more}
      >
        Next<span aria-hidden="true"> →</span>
      </button>
    </nav>
  );
}
