import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage, etag, type CreateEventBody, type EventDetail } from '../api/client';
import { EventForm } from '../components/EventForm';
import {
  changedFields,
  EMPTY,
  rebase,
  toBody,
  toValues,
  type Rebased,
  type Values,
} from '../events/event-form-values';
import { useCreateEvent, useEventMutations } from '../events/event-mutations';
import { eventQuery } from '../events/event-queries';
import {
  rebaseSettings,
  settingsBody,
  toSettings,
  type Settings,
} from '../events/registration-settings';
import { flashState } from '../lib/flash';
import { useEventId } from '../lib/use-event-id';
import { useTitle } from '../lib/use-title';
import { NotFound } from './NotFound';
import { can } from '../events/event-permissions';

export function NewEventPage() {
  useTitle('New event');
  const create = useCreateEvent();
  const navigate = useNavigate();
  return (
    <EventForm
      initial={EMPTY}
      onSave={async (values, _, draft, settings) => {
        const body = {
          ...toBody(values),
          ...settingsBody(settings),
          requiresApproval: settings.requiresApproval,
          published: !draft,
        } as CreateEventBody;
        const created = await create.mutateAsync({ body });
        if (created) {
          const flash = draft ? 'Draft saved: publish it when it is ready.' : 'Event created.';
          await navigate(`/events/${created.id}`, { state: flashState(flash) });
        }
      }}
    />
  );
}

export function EditEventPage() {
  const id = useEventId();
  return id === null ? <NotFound /> : <EditEvent key={id} id={id} />;
}

function EditEvent({ id }: { id: number }) {
  const query = useQuery(eventQuery(id));
  const event = query.data;
  useTitle(`Edit ${event?.name ?? 'event'}`);

  if (query.isPending) {
    return (
      <section aria-busy="true">
        <h1 tabIndex={-1}>Edit event</h1>
        <p className="muted">Loading…</p>
      </section>
    );
  }
  if (!event) {
    return (
      <section>
        <h1 tabIndex={-1}>Edit event</h1>
        <p className="alert alert-error" role="alert">
          {errorMessage(query.error)}
        </p>
        <Link to="/">Back to all events</Link>
      </section>
    );
  }
  if (!can(event, 'edit') || event.status === 'cancelled') {
    return (
      <section>
        <h1 tabIndex={-1}>Edit event</h1>
        <p className="alert alert-warning">
          {can(event, 'edit')
            ? `“${event.name}” was cancelled and can no longer be changed.`
            : `Only the organizer and cohosts can change “${event.name}”.`}
        </p>
        <Link to={`/events/${event.id}`}>Back to the event</Link>
      </section>
    );
  }
  return <EditForm event={event} />;
}

function EditForm({ event }: { event: EventDetail }) {
  const { update } = useEventMutations(event.id);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // The version this form edits: the loaded one, or the latest after a conflict's reload.
  const [base, setBase] = useState(event);
  const [rebased, setRebased] = useState<Rebased>();
  const [settings, setSettings] = useState<Settings>(() => toSettings(event));

  const reload = async (values: Values, initial: Values, mine: Settings) => {
    const latest = await queryClient.fetchQuery({ ...eventQuery(event.id), staleTime: 0 });
    const next = rebase(values, initial, toValues(latest));
    setSettings(rebaseSettings(mine, base, latest));
    setBase(latest);
    setRebased(next);
    return { initial: toValues(latest), values: next.values };
  };

  return (
    <EventForm
      key={base.version}
      event={base}
      initial={toValues(base)}
      startValues={rebased?.values}
      conflicts={rebased?.conflicts}
      startSettings={settings}
      onReload={reload}
      onSave={async (values, initial, _, mine) => {
        const body = {
          ...toBody(values, changedFields(values, initial)),
          ...settingsBody(mine, base),
        };
        const changed = Object.keys(body).length > 0;
        if (changed) {
          await update.mutateAsync({
            params: { path: { id: base.id }, header: { 'If-Match': etag(base) } },
            body,
          });
        }
        await navigate(`/events/${base.id}`, {
          state: flashState(
            changed ? 'Changes saved.' : 'Nothing changed.',
            changed ? 'success' : 'info',
          ),
        });
      }}
    />
  );
}
