/** The authenticated caller, as the access-token check attaches it to the request. */
export interface AuthUser {
  id: number;
  username: string;
  isAdmin: boolean;
  sessionId: string;
}
