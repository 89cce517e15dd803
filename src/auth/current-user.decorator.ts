import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The authenticated caller, as the JWT strategy attaches it to the request. */
export interface AuthUser {
  id: number;
  username: string;
  isAdmin: boolean;
  sessionId: string;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const request = ctx.switchToHttp().getRequest<{ user: AuthUser }>();
  return request.user;
});
