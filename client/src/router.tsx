import type { ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { App } from './App';
import { GuestOnly, RequireSession } from './components/RouteGuards';
import { AccountPage } from './pages/AccountPage';
import { AttendeesPage } from './pages/AttendeesPage';
import { CheckInPage } from './pages/CheckInPage';
import { EditEventPage } from './pages/EventFormPage';
import { NewEventPage } from './pages/NewEventPage';
import { EventPage } from './pages/EventPage';
import { EventsPage } from './pages/EventsPage';
import { LoginPage } from './pages/LoginPage';
import { NotFound } from './pages/NotFound';
import { SeriesPage } from './pages/SeriesPage';
import { SignupPage } from './pages/SignupPage';
import { TicketPage } from './pages/TicketPage';
import { WebhooksPage } from './pages/WebhooksPage';

const signedIn = (element: ReactNode) => <RequireSession>{element}</RequireSession>;
const guest = (element: ReactNode) => <GuestOnly>{element}</GuestOnly>;

export const routes: RouteObject[] = [
  {
    element: <App />,
    children: [
      { path: '/', element: signedIn(<EventsPage />) },
      { path: '/login', element: guest(<LoginPage />) },
      { path: '/signup', element: guest(<SignupPage />) },
      { path: '/account', element: signedIn(<AccountPage />) },
      { path: '/webhooks', element: signedIn(<WebhooksPage />) },
      { path: '/events/new', element: signedIn(<NewEventPage />) },
      { path: '/events/:id', element: signedIn(<EventPage />) },
      { path: '/events/:id/edit', element: signedIn(<EditEventPage />) },
      { path: '/series/:id', element: signedIn(<SeriesPage />) },
      { path: '/events/:id/attendees', element: signedIn(<AttendeesPage />) },
      { path: '/events/:id/ticket', element: signedIn(<TicketPage />) },
      { path: '/events/:id/check-in', element: signedIn(<CheckInPage />) },
      { path: '*', element: <NotFound /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
