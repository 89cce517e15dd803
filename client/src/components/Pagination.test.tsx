import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Pagination } from './Pagination';

const noop = () => undefined;

afterEach(cleanup);

describe('Pagination', () => {
  it('stops at the last counted page when the total is exact', () => {
    render(<Pagination page={2} pages={2} onPage={noop} />);
    expect(screen.getByTestId('page-indicator').textContent).toBe('Page 2 of 2');
    expect(screen.getByRole('button', { name: /Next/ })).toHaveProperty('disabled', true);
  });

  it('goes on past the counted pages while the server has more ("of 500+")', () => {
    render(<Pagination page={500} pages={500} more onPage={noop} />);
    expect(screen.getByTestId('page-indicator').textContent).toBe(
      `Page ${(500).toLocaleString()} of ${(500).toLocaleString()}+`,
    );
    expect(screen.getByRole('button', { name: /Next/ })).toHaveProperty('disabled', false);
  });

  it('shows nothing for a single page, unless more follow', () => {
    const { container } = render(<Pagination page={1} pages={1} onPage={noop} />);
    expect(container.textContent).toBe('');
  });
});
