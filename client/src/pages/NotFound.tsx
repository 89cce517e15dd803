import { Link } from 'react-router';
import { useTitle } from '../lib/use-title';

export function NotFound() {
  useTitle('Page not found');
  return (
    <section>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">See all events</Link>.
      </p>
    </section>
  );
}
