import { useParams } from 'react-router';

/** The `:id` of the route as an event id, or null when it cannot be one (then: not found). */
export function useEventId(): number | null {
  const { id = '' } = useParams();
  return /^[1-9]\d{0,9}$/.test(id) ? Number(id) : null;
}
