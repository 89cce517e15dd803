interface PaginationProps {
  page: number;
  pages: number;
  onPage(page: number): void;
}

export function Pagination({ page, pages, onPage }: PaginationProps) {
  if (pages <= 1) return null;
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
        Page {page} of {pages}
      </span>
      <button
        type="button"
        className="button"
        onClick={() => onPage(page + 1)}
        disabled={page >= pages}
      >
        Next<span aria-hidden="true"> →</span>
      </button>
    </nav>
  );
}
