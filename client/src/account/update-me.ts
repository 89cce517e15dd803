import { useQueryClient } from '@tanstack/react-query';
import { $api } from '../api/client';
import { meQuery } from '../auth/session';

/** `PATCH /users/me`; the answer becomes the session's user at once. */
export function useUpdateMe() {
  const queryClient = useQueryClient();
  return $api.useMutation('patch', '/api/v1/users/me', {
    onSuccess: (updated) => queryClient.setQueryData(meQuery.queryKey, updated),
  });
}
