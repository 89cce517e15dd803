import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Per client IP and per endpoint (the throttler keys by handler), on register, login and refresh.
 * Behind a reverse proxy, set TRUST_PROXY so the client's address comes from X-Forwarded-For.
 */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(typeof request.ip === 'string' ? request.ip : 'unknown');
  }
}
