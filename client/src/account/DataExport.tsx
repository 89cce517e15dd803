import { useMutation } from '@tanstack/react-query';
import { api, errorMessage } from '../api/client';
import { saveBlob } from '../lib/download';

/** "Download my data": everything the server keeps about the user, as one JSON file. */
export function DataExport({ userId }: { userId: number }) {
  // The export needs the bearer token, which a plain link cannot send: fetched, then saved.
  const download = useMutation({
    mutationFn: async () => {
      const { data } = await api.GET('/api/v1/users/me/export', { parseAs: 'blob' });
      if (data) saveBlob(data, `account-${userId}-data.json`);
    },
  });

  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">Your data</h2>
      <p>
        One JSON file with your profile, the events you organize (with their hosts and questions),
        your registrations, waiting-list places and requests with your answers, your signed-in
        devices, your webhooks and whether you have a calendar feed. Passwords, secrets and tokens
        are never in it.
      </p>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={download.isPending}
          onClick={() => download.mutate()}
        >
          {download.isPending ? 'Preparing…' : 'Download my data'}
        </button>
        <span role="status">
          {download.isSuccess && <span className="saved">Downloaded.</span>}
        </span>
      </div>
      {download.isError && (
        <p className="alert alert-error" role="alert">
          {errorMessage(download.error)}
        </p>
      )}
    </section>
  );
}
