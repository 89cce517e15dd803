import { Outlet, ScrollRestoration } from 'react-router';
import { SessionProvider } from './auth/session';
import { Layout } from './components/Layout';

/** The root route: the session (it navigates, so it lives inside the router) and the layout. */
export function App() {
  return (
    <SessionProvider>
      <Layout>
        <Outlet />
      </Layout>
      <ScrollRestoration />
    </SessionProvider>
  );
}
