import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, asApiError, errorMessage, type EventDetail } from '../api/client';
import { useSession } from '../auth/session';
import { eventQuery, ticketQuery } from '../events/event-queries';
import { eventTimes, formatDateTime } from '../lib/format';
import { useEventId } from '../lib/use-event-id';
import { useTitle } from '../lib/use-title';
import { NotFound } from './NotFound';

/** The attendee's ticket: the QR code, large and printable, and its code as text. */
export function TicketPage() {
  const id = useEventId();
  return id === null ? <NotFound /> : <Ticket key={id} id={id} />;
}

/**
 * The QR code as an image address. The SVG needs the bearer token, which an `<img src>` cannot
 * send, so it is fetched by the API client and shown from a data: address (no markup of the
 * server's is put into the page).
 */
const qrImageQuery = (id: number, code: string | undefined) => ({
  queryKey: ['ticket-qr', id, code],
  enabled: code !== undefined,
  staleTime: Infinity,
  queryFn: async () => {
    const { data } = await api.GET('/api/v1/events/{id}/ticket', {
      params: { path: { id }, query: { format: 'svg' } },
      parseAs: 'text',
    });
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(String(data ?? ''))}`;
  },
});

function Ticket({ id }: { id: number }) {
  const event = useQuery(eventQuery(id));
  const ticket = useQuery(ticketQuery(id));
  const code = typeof ticket.data === 'object' ? ticket.data.code : undefined;
  const qr = useQuery(qrImageQuery(id, code));
  const none = ticket.isError && asApiError(ticket.error).code === 'TICKET_NOT_FOUND';
  useTitle(event.data ? `Ticket for ${event.data.name}` : 'Your ticket');

  return (
    <section className="ticket-page" aria-busy={ticket.isPending}>
      <p className="breadcrumb no-print">
        <Link to={`/events/${id}`}>← Back to the event</Link>
      </p>
      <h1 tabIndex={-1}>Your ticket</h1>
      {event.data && <TicketEvent event={event.data} />}
      {none ? (
        <div className="alert alert-info" data-testid="no-ticket">
          <p>You have no ticket for this event: only attendees have one.</p>
          <p>
            <Link to={`/events/${id}`}>See the event</Link>
          </p>
        </div>
      ) : ticket.isError ? (
        <p className="alert alert-error" role="alert">
          {errorMessage(ticket.error)}
        </p>
      ) : null}
      {code !== undefined && typeof ticket.data === 'object' && (
        <div className="ticket" data-testid="ticket">
          {qr.data ? (
            <img
              className="ticket-qr"
              src={qr.data}
              alt={`QR code of your ticket, code ${code}`}
              data-testid="ticket-qr"
            />
          ) : qr.isError ? (
            <p className="alert alert-error" role="alert">
              {errorMessage(qr.error)}
            </p>
          ) : (
            <p className="muted ticket-qr-loading">Loading the QR code…</p>
          )}
          <p className="ticket-code-label">Ticket code</p>
          <p className="ticket-code" data-testid="ticket-code">
            {code}
          </p>
          <p className="ticket-state" data-testid="ticket-state">
            {ticket.data.checkedInAt
              ? `Checked in at ${formatDateTime(ticket.data.checkedInAt)}.`
              : 'Show this code at the door.'}
          </p>
          <button type="button" className="button no-print" onClick={() => window.print()}>
            Print ticket
          </button>
        </div>
      )}
    </section>
  );
}

function TicketEvent({ event }: { event: EventDetail }) {
  const { user } = useSession();
  const times = eventTimes(event, true);
  return (
    <div className="ticket-event">
      <p className="ticket-event-name">{event.name}</p>
      <p>{times.own}</p>
      {event.location && <p>{event.location}</p>}
      {user && <p>Attendee: {user.username}</p>}
    </div>
  );
}
