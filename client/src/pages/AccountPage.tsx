import { CalendarFeed } from '../account/CalendarFeed';
import { DataExport } from '../account/DataExport';
import { DeleteAccount } from '../account/DeleteAccount';
import { EmailNotifications } from '../account/EmailNotifications';
import { PasswordForm } from '../account/PasswordForm';
import { ProfileForm } from '../account/ProfileForm';
import { SessionsList } from '../account/SessionsList';
import { useSession } from '../auth/session';
import { useTitle } from '../lib/use-title';

export function AccountPage() {
  useTitle('Account');
  const { user } = useSession();
  if (!user) return null;
  return (
    <>
      <h1 tabIndex={-1}>Account</h1>
      <div className="account-grid">
        <ProfileForm user={user} />
        <EmailNotifications user={user} />
        <PasswordForm />
        <CalendarFeed />
        <SessionsList />
        <DataExport userId={user.id} />
        <DeleteAccount />
      </div>
    </>
  );
}
