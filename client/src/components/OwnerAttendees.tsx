import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, type Attendee } from '../api/client';
import { attendeesQuery } from '../events/event-queries';
import { saveBlob } from '../lib/download';
import { formatDateTime, plural } from '../lib/format';

/**
 * For the hosts: who comes and who waits, with emails; the CSV export for those whose role allows
 * it (`canExport`: owner and cohosts, not checkers).
 */
export function OwnerAttendees({ id, canExport }: { id: number; canExport: boolean }) {
  const list = useQuery(attendeesQuery(id));
  const [failure, setFailure] = useState<string>();
  // The endpoint also speaks CSV, so its type allows a string; the JSON query never gets one.
  const items = typeof list.data === 'object' ? list.data.items : [];
  const attending = items.filter((a) => a.status === 'attending');
  const waiting = items.filter((a) => a.status === 'waitlisted');

  const downloadCsv = async () => {
    setFailure(undefined);
    try {
      const { data } = await api.GET('/api/v1/events/{id}/attendees', {
        params: { path: { id }, query: { format: 'csv' } },
        parseAs: 'blob',
      });
      if (data) saveBlob(data, `event-${id}-attendees.csv`);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  return (
    <section className="owner-attendees" aria-labelledby="owner-attendees-title">
      <div className="section-head">
        <h2 id="owner-attendees-title">People</h2>
        {canExport && (
          <button type="button" className="button" onClick={() => void downloadCsv()}>
            Download CSV
          </button>
        )}
      </div>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {list.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(list.error)}
        </p>
      )}
      {list.isPending ? (
        <p className="muted">Loading attendees…</p>
      ) : (
        <>
          <PeopleTable
            caption={
              attending.length === 0 ? 'No attendees yet' : plural(attending.length, 'attendee')
            }
            people={attending}
            testId="attendees"
            when="Registered"
          />
          <PeopleTable
            caption={
              waiting.length === 0
                ? 'Nobody on the waiting list'
                : `Waiting list (${waiting.length})`
            }
            people={waiting}
            testId="waitlist"
            when="Joined the list"
          />
        </>
      )}
    </section>
  );
}

function PeopleTable(props: { caption: string; people: Attendee[]; testId: string; when: string }) {
  const { caption, people, testId, when } = props;
  if (people.length === 0) return <h3 className="table-caption">{caption}</h3>;
  return (
    <div className="table-wrap">
      <table className="people" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Username</th>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">{when}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person, i) => (
            <tr key={person.id}>
              <td>{i + 1}</td>
              <td>{person.username}</td>
              <td>{[person.firstName, person.lastName].filter(Boolean).join(' ') || '—'}</td>
              <td>{person.email}</td>
              <td>
                <time dateTime={person.registeredAt}>{formatDateTime(person.registeredAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
